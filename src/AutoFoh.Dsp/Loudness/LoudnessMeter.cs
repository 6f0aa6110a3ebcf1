using AutoFoh.Dsp.Filters;

namespace AutoFoh.Dsp.Loudness;

/// <summary>
/// EBU R128 loudness meter (ITU-R BS.1770-4, EBU Tech 3341 and 3342): momentary (400 ms), short-term
/// (3 s), integrated (gated), loudness range, sample peak and true peak, for any sample rate and channel
/// count. Feed interleaved blocks of any size; figures do not depend on how the input is split.
///
/// The K-weighted, channel-weighted squares are summed per 10 ms step. Momentary and short-term
/// loudness are evaluated at the end of every step, so their maxima are found to within 10 ms of
/// any burst (Tech 3341 cases 10-14 need that; a 10 Hz meter can miss a 400 ms burst by 0.6 dB).
/// Gating blocks are 400 ms every 100 ms (75% overlap) from the start, gated at −70 LUFS and then
/// 10 LU under their mean (BS.1770-4 §5.1). The loudness range takes 3 s blocks every 100 ms, gates
/// them at −70 LUFS and 20 LU under their mean, and spans their 10th to 95th percentile (Tech 3342).
/// Silence is −∞.
/// </summary>
public sealed class LoudnessMeter
{
    private const int ChunkFrames = 4096;
    private const int StepsPerSecond = 100;
    private const int MomentarySteps = 40;   // 400 ms
    private const int ShortTermSteps = 300;  // 3 s
    private const int BlockHopSteps = 10;    // 100 ms
    private readonly int _channels;
    private readonly double[] _weights;
    private readonly Biquad[] _shelves, _highPasses;
    private readonly float[][] _scratch;
    private readonly TruePeakMeter? _truePeak;
    private readonly double _sampleRateHz;
    // Ring of the last ShortTermSteps steps: weighted sum of squares and frame count.
    private readonly double[] _ringEnergy = new double[ShortTermSteps];
    private readonly int[] _ringFrames = new int[ShortTermSteps];
    private readonly List<double> _gatingBlocks = [];   // mean weighted energy of each 400 ms block
    private readonly List<double> _shortTermBlocks = [];// mean weighted energy of each 3 s block, every 100 ms
    private double _stepEnergy;
    private int _stepFrames;
    private long _framesTotal, _stepEnd;
    private int _stepsDone;
    private double _momentaryMaxEnergy = -1, _shortTermMaxEnergy = -1;
    private float _samplePeak;
    private readonly float[] _channelSamplePeaks;

    public LoudnessMeter(double sampleRateHz, int channels, IReadOnlyList<LoudnessChannel>? layout = null, bool truePeak = true)
    {
        if (!(sampleRateHz >= 8000 && sampleRateHz <= 1_536_000)) throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "sample rate must be 8 kHz to 1.536 MHz");
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "channel count must be positive");
        layout ??= LoudnessChannelLayout.Default(channels);
        if (layout.Count != channels) throw new ArgumentException($"layout names {layout.Count} channels for {channels}", nameof(layout));
        _sampleRateHz = sampleRateHz;
        _channels = channels;
        _weights = layout.Select(c => c.Weight()).ToArray();
        _shelves = Enumerable.Range(0, channels).Select(_ => new Biquad(KWeighting.Shelf(sampleRateHz))).ToArray();
        _highPasses = Enumerable.Range(0, channels).Select(_ => new Biquad(KWeighting.HighPass(sampleRateHz))).ToArray();
        _scratch = Enumerable.Range(0, channels).Select(_ => new float[ChunkFrames]).ToArray();
        _truePeak = truePeak ? new TruePeakMeter(sampleRateHz, channels) : null;
        _channelSamplePeaks = new float[channels];
        _stepEnd = StepBoundary(1);
    }

    public double SampleRateHz => _sampleRateHz;
    public int Channels => _channels;
    public long FrameCount => _framesTotal;

    /// <summary>Adds interleaved frames.</summary>
    public void Process(ReadOnlySpan<float> interleaved)
    {
        if (interleaved.Length % _channels != 0)
            throw new ArgumentException($"block of {interleaved.Length} samples is not a whole number of {_channels}-channel frames", nameof(interleaved));
        int frames = interleaved.Length / _channels;
        for (int start = 0; start < frames; start += ChunkFrames)
            ProcessChunk(interleaved.Slice(start * _channels, Math.Min(ChunkFrames, frames - start) * _channels));
    }

    private void ProcessChunk(ReadOnlySpan<float> interleaved)
    {
        int frames = interleaved.Length / _channels;
        for (int c = 0; c < _channels; c++)
        {
            var x = _scratch[c].AsSpan(0, frames);
            float peak = _channelSamplePeaks[c];
            for (int n = 0; n < frames; n++)
            {
                float v = interleaved[n * _channels + c];
                x[n] = v;
                float a = MathF.Abs(v);
                if (a > peak) peak = a;
            }
            _channelSamplePeaks[c] = peak;
            if (peak > _samplePeak) _samplePeak = peak;
            _truePeak?.Process(c, x);
            _shelves[c].Process(x);
            _highPasses[c].Process(x);
        }
        // Weighted energy, split at the 10 ms step boundaries.
        int n0 = 0;
        while (n0 < frames)
        {
            int take = (int)Math.Min(frames - n0, _stepEnd - _framesTotal);
            double energy = 0;
            for (int c = 0; c < _channels; c++)
            {
                if (_weights[c] == 0) continue;
                double sum = 0;
                foreach (float v in _scratch[c].AsSpan(n0, take)) sum += (double)v * v;
                energy += _weights[c] * sum;
            }
            _stepEnergy += energy;
            _stepFrames += take;
            _framesTotal += take;
            n0 += take;
            if (_framesTotal == _stepEnd) CloseStep();
        }
    }

    private void CloseStep()
    {
        int slot = _stepsDone % ShortTermSteps;
        _ringEnergy[slot] = _stepEnergy;
        _ringFrames[slot] = _stepFrames;
        _stepsDone++;
        _stepEnergy = 0;
        _stepFrames = 0;
        _stepEnd = StepBoundary(_stepsDone + 1);
        if (_stepsDone >= MomentarySteps)
        {
            double momentary = WindowEnergy(MomentarySteps);
            _momentaryMaxEnergy = Math.Max(_momentaryMaxEnergy, momentary);
            if (_stepsDone % BlockHopSteps == 0) _gatingBlocks.Add(momentary);
        }
        if (_stepsDone >= ShortTermSteps)
        {
            double shortTerm = WindowEnergy(ShortTermSteps);
            _shortTermMaxEnergy = Math.Max(_shortTermMaxEnergy, shortTerm);
            if (_stepsDone % BlockHopSteps == 0) _shortTermBlocks.Add(shortTerm);
        }
    }

    /// <summary>Mean weighted energy of the last <paramref name="steps"/> steps.</summary>
    private double WindowEnergy(int steps)
    {
        double energy = 0;
        long frames = 0;
        for (int k = 1; k <= steps; k++)
        {
            int slot = (_stepsDone - k) % ShortTermSteps;
            energy += _ringEnergy[slot];
            frames += _ringFrames[slot];
        }
        return frames == 0 ? 0 : Math.Max(0, energy) / frames;
    }

    /// <summary>Frame at which 10 ms step k ends (exact for rates divisible by 100, rounded otherwise).</summary>
    private long StepBoundary(int k) => (long)Math.Round(k * _sampleRateHz / StepsPerSecond);

    /// <summary>Loudness of the last 400 ms (−∞ before 400 ms of input).</summary>
    public double MomentaryLufs => _stepsDone < MomentarySteps ? double.NegativeInfinity : ToLufs(WindowEnergy(MomentarySteps));

    /// <summary>Loudness of the last 3 s (−∞ before 3 s of input).</summary>
    public double ShortTermLufs => _stepsDone < ShortTermSteps ? double.NegativeInfinity : ToLufs(WindowEnergy(ShortTermSteps));

    public double IntegratedLufs => Integrated(_gatingBlocks);
    public double LoudnessRangeLu => Range(_shortTermBlocks);
    public double MomentaryMaxLufs => ToLufs(_momentaryMaxEnergy);
    public double ShortTermMaxLufs => ToLufs(_shortTermMaxEnergy);

    public double SamplePeakDbfs => Decibels.FromAmplitude(_samplePeak);
    public ReadOnlySpan<float> ChannelSamplePeaks => _channelSamplePeaks;

    /// <summary>True peak in dBTP (−∞ for silence; NaN when true peak was turned off).</summary>
    public double TruePeakDbtp => _truePeak is null ? double.NaN : Decibels.FromAmplitude(_truePeak.Peak);

    public ReadOnlySpan<float> ChannelTruePeaks => _truePeak is null ? ReadOnlySpan<float>.Empty : _truePeak.ChannelPeaks;

    /// <summary>All figures of a whole signal in one call.</summary>
    public static LoudnessReport Measure(ReadOnlySpan<float> interleaved, double sampleRateHz, int channels)
    {
        var meter = new LoudnessMeter(sampleRateHz, channels);
        meter.Process(interleaved);
        return new LoudnessReport(meter.IntegratedLufs, meter.LoudnessRangeLu, meter.MomentaryMaxLufs, meter.ShortTermMaxLufs, meter.SamplePeakDbfs, meter.TruePeakDbtp);
    }

    private static double ToLufs(double energy) => energy > 0 ? -0.691 + 10 * Math.Log10(energy) : double.NegativeInfinity;

    private const double AbsoluteGateLufs = -70;

    /// <summary>
    /// Blocks above the absolute gate (−70 LUFS) and <paramref name="relativeGateLu"/> below the mean of
    /// those: the two-stage gating that BS.1770-4 §5.1 (relative gate −10 LU) and Tech 3342 (−20 LU) share.
    /// </summary>
    private static IEnumerable<double> Gated(List<double> blocks, double relativeGateLu)
    {
        double sum = 0;
        int count = 0;
        foreach (double e in blocks)
            if (ToLufs(e) > AbsoluteGateLufs) { sum += e; count++; }
        if (count == 0) return [];
        double relativeGate = ToLufs(sum / count) + relativeGateLu;
        return blocks.Where(e => ToLufs(e) > AbsoluteGateLufs && ToLufs(e) > relativeGate);
    }

    /// <summary>BS.1770-4 §5.1: the mean energy of the gated 400 ms blocks.</summary>
    private static double Integrated(List<double> blocks)
    {
        var gated = Gated(blocks, -10).ToList();
        return gated.Count == 0 ? double.NegativeInfinity : ToLufs(gated.Average());
    }

    /// <summary>EBU Tech 3342: 95th minus 10th percentile of the gated short-term loudness values.</summary>
    private static double Range(List<double> shortTerm)
    {
        var levels = Gated(shortTerm, -20).Select(ToLufs).Order().ToList();
        if (levels.Count == 0) return 0;
        return Statistics.Percentile.OfSorted(levels, 0.95) - Statistics.Percentile.OfSorted(levels, 0.10);
    }
}

/// <summary>The figures of <see cref="LoudnessMeter.Measure"/>.</summary>
public sealed record LoudnessReport(double IntegratedLufs, double LoudnessRangeLu, double MomentaryMaxLufs, double ShortTermMaxLufs,
    double SamplePeakDbfs, double TruePeakDbtp);
