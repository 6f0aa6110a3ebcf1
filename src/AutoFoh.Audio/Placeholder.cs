namespace AutoFoh.Audio; internal static class Placeholder {}
