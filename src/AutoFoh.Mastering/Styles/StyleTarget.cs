using AutoFoh.Dsp.Effects;

namespace AutoFoh.Mastering.Styles;

/// <summary>Share of a mix's energy below 250 Hz, 250 Hz–4 kHz and above 4 kHz (sums to 1).</summary>
public sealed record FrequencyBalance(double Low, double Mid, double High)
{
    public const double LowMidSplitHz = 250;
    public const double MidHighSplitHz = 4000;
}

/// <summary>How close the written file must come to a style's figures.</summary>
public sealed record StyleTolerance(double IntegratedLu, double CentroidFraction, double MsRatio)
{
    public static StyleTolerance Default => new(0.2, 0.05, 0.03);
}

/// <summary>The chain's defaults for a style; every one lands in the exported parameters.</summary>
public sealed record StyleProcessing(CompressorSettings BusCompressor, ReverbSettings Reverb, LimiterSettings Limiter, double SaturationMix);

/// <summary>One style of <c>configs/style_targets.yaml</c>: what the written file must measure, and the chain's defaults.</summary>
public sealed record StyleTarget(
    string Name,
    string Description,
    double IntegratedLufs,
    double SpectralCentroidHz,
    double MsRatio,
    double TruePeakDbtp,
    FrequencyBalance FrequencyBalance,
    StyleProcessing Processing,
    StyleTolerance Tolerance);
