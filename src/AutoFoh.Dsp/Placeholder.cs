namespace AutoFoh.Dsp; internal static class Placeholder {}
