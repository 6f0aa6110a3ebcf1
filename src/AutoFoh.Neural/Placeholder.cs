namespace AutoFoh.Neural; internal static class Placeholder {}
