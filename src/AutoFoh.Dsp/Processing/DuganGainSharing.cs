using System.Runtime.CompilerServices;

namespace AutoFoh.Dsp.Processing;

/// <summary>
/// Dugan's gain sharing: each channel's gain is the square root of its share of the power of all channels
/// together, so the open microphones add up to one (the number-of-open-microphones attenuation comes with it)
/// and the channel that carries the sound takes the gain. Powers are one-pole envelopes of x² plus a noise floor
/// (<c>noiseFloorDbfs</c>), which keeps silence from opening any channel in particular. The gain of sample n
/// comes from the envelopes up to sample n − 1: ask for <see cref="Share"/>, then <see cref="Hear"/> the sample.
/// Allocates in the constructor only.
/// </summary>
public sealed class DuganGainSharing
{
    public const double DefaultTimeConstantMs = 50, DefaultNoiseFloorDbfs = -80;
    private readonly double[] _power;
    private readonly double _coefficient, _floor;

    public DuganGainSharing(int channels, int sampleRateHz, double timeConstantMs = DefaultTimeConstantMs, double noiseFloorDbfs = DefaultNoiseFloorDbfs)
    {
        _power = new double[channels];
        _coefficient = Math.Exp(-1000.0 / (timeConstantMs * sampleRateHz));
        _floor = Math.Pow(10, noiseFloorDbfs / 10);
        Reset();
    }

    public int Channels => _power.Length;

    /// <summary>Forgets everything heard.</summary>
    public void Reset() => Array.Fill(_power, _floor);

    /// <summary>The power of all channels together, in channel order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double TotalPower()
    {
        double total = 0;
        for (int c = 0; c < _power.Length; c++) total += _power[c];
        return total;
    }

    /// <summary>The amplitude gain of <paramref name="channel"/>: the square root of its share of <paramref name="totalPower"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Share(int channel, double totalPower) => Math.Sqrt(_power[channel] / totalPower);

    /// <summary>The share of <paramref name="channel"/> in dB.</summary>
    public double ShareDb(int channel, double totalPower) => 10 * Math.Log10(_power[channel] / totalPower);

    /// <summary>Adds one sample of <paramref name="channel"/> to its envelope.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Hear(int channel, float sample) =>
        _power[channel] = _coefficient * _power[channel] + (1 - _coefficient) * ((double)sample * sample + _floor);
}
