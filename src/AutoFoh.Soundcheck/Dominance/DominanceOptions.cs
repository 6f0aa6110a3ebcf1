using AutoFoh.Dsp.Windows;

namespace AutoFoh.Soundcheck.Dominance;

/// <summary>Settings of the dominance analysis; the defaults are seed 000's.</summary>
public sealed record DominanceOptions
{
    /// <summary>STFT window length (the paper: one second, so each decision covers a second).</summary>
    public double WindowSeconds { get; init; } = 1.0;

    /// <summary>STFT hop (the paper: equal to the window).</summary>
    public double HopSeconds { get; init; } = 1.0;

    /// <summary>Percentile of all stems' magnitudes in a band above which a bin counts as dominant (the paper: 95th).</summary>
    public double Percentile { get; init; } = 0.95;

    public WindowType Window { get; init; } = WindowType.Hann;

    public static DominanceOptions Default { get; } = new();
}
