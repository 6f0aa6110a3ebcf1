using AutoFoh.Mastering.Prediction;

namespace AutoFoh.Lab.Mastering;

/// <summary>
/// The parameters a strip should have for a perturbed stem (the training targets): the undo of the
/// perturbation — gain −level, the shelves' opposite tilt, a high-pass at the role's corner where rumble or DC
/// was added (else the bottom of the range, "off") — and, for the rest, the role and style defaults of
/// <see cref="RoleDefaults"/>. The compressor's threshold follows the stem's RMS at the compressor, which
/// comes before the strip's gain: the intended RMS plus the level change.
/// </summary>
public static class MixTargets
{
    /// <param name="intendedRmsDbfs">RMS of the stem before the perturbation (at its intended balance).</param>
    public static double[] Values(InstrumentRole role, int ordinal, int roleCount, string style, StemPerturbation perturbation, double intendedRmsDbfs)
    {
        var defaults = RoleDefaults.For(role);
        var shift = RoleDefaults.ForStyle(style);
        var p = StripParameterSpace.Parameters;
        var v = new double[StripParameterSpace.Count];
        v[StripParameterSpace.Gain] = -perturbation.LevelDb;
        v[StripParameterSpace.Pan] = RoleDefaults.Pan(role, ordinal, roleCount);
        v[StripParameterSpace.HighPass] = perturbation.HasRumble ? defaults.HighPassHz : p[StripParameterSpace.HighPass].Min;
        v[StripParameterSpace.LowShelf] = perturbation.TiltDb / 2;
        v[StripParameterSpace.LowPeak] = 0;
        v[StripParameterSpace.HighPeak] = 0;
        v[StripParameterSpace.HighShelf] = -perturbation.TiltDb / 2;
        v[StripParameterSpace.Threshold] = intendedRmsDbfs + perturbation.LevelDb + defaults.ThresholdOverRmsDb + shift.ThresholdDb;
        v[StripParameterSpace.Ratio] = defaults.Ratio * shift.RatioScale;
        v[StripParameterSpace.SaturationMix] = defaults.SaturationMix + shift.SaturationMix;
        v[StripParameterSpace.ReverbSend] = defaults.ReverbSendDb + shift.ReverbSendDb;
        for (int i = 0; i < v.Length; i++) v[i] = Math.Clamp(v[i], p[i].Min, p[i].Max);
        return v;
    }
}
