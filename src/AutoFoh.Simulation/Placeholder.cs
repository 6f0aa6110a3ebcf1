namespace AutoFoh.Simulation; internal static class Placeholder {}
