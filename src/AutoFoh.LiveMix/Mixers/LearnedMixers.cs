using AutoFoh.LiveMix.Features;
using AutoFoh.LiveMix.Models;
using AutoFoh.Neural.Inference;

namespace AutoFoh.LiveMix.Mixers;

/// <summary>
/// The AiLive model live (ALM-MR or ALM-SR by its configuration): at every F1 boundary the last 975 ms of
/// each channel becomes a log-mel patch and an embedding; at every F2 boundary the channel's RMS over the
/// last F2 and the newest embedding give the gains for the next F2, applied from the next chunk on.
/// </summary>
public sealed class AiLiveMixer(AiLiveModel model) : FrameMixer
{
    private AiLiveStreamer _streamer = null!;
    private readonly LogMelFrontEnd _frontEnd = new();
    private float[] _frame = [], _patches = [], _rms = [], _recent = [];

    public override string Name => model.Config.Name;
    public AiLiveModel Model => model;

    protected override void PrepareModel(int channels)
    {
        _streamer = new AiLiveStreamer(model, channels);
        _frame = new float[LogMelFrontEnd.FrameSamples];
        _patches = new float[channels * LogMelFrontEnd.Frames * LogMelFrontEnd.Bands];
        _rms = new float[channels];
        _recent = new float[model.Config.F2Samples];
    }

    protected override void ResetModel() => _streamer.Reset();

    protected override bool IsBoundary(long time) => time % model.Config.F2Samples == 0;

    protected override void DecideAt(long time, Span<float> gainsDb)
    {
        var config = model.Config;
        int patch = LogMelFrontEnd.Frames * LogMelFrontEnd.Bands;
        if (time % config.F1StrideSamples == 0 && time >= LogMelFrontEnd.FrameSamples)
        {
            for (int c = 0; c < Channels; c++)
            {
                Recent(c, time, _frame);
                _frontEnd.Compute(_frame, _patches.AsSpan(c * patch, patch));
            }
            _streamer.Embed(_patches);
        }
        int length = (int)Math.Min(config.F2Samples, time);
        for (int c = 0; c < Channels; c++)
        {
            Recent(c, time, _recent.AsSpan(0, length));
            _rms[c] = AiLiveModel.RmsDb(_recent.AsSpan(0, length));
        }
        _streamer.Step(_rms, gainsDb);
    }
}

/// <summary>The DMC-like baseline live: every 975 ms, each channel's features of the last 975 ms give the gains for the next 975 ms (0 dB before the first).</summary>
public sealed class DmcMixer(DmcModel model) : FrameMixer
{
    private readonly ChannelFeatures _features = new();
    private MlpInference _embed = null!, _head = null!;
    private float[] _frame = [], _input = [], _embedded = [], _joined = [], _logits = [];

    public override string Name => "dmc";

    protected override void PrepareModel(int channels)
    {
        _embed = new MlpInference(model.Embed, channels);
        _head = new MlpInference(model.Head, channels);
        _frame = new float[LogMelFrontEnd.FrameSamples];
        _input = new float[channels * ChannelFeatures.Size];
        _embedded = new float[channels * DmcModel.Embedding];
        _joined = new float[channels * 2 * DmcModel.Embedding];
        _logits = new float[channels];
    }

    protected override void ResetModel() { }

    protected override bool IsBoundary(long time) => time % LogMelFrontEnd.FrameSamples == 0;

    protected override void DecideAt(long time, Span<float> gainsDb)
    {
        if (time < LogMelFrontEnd.FrameSamples) { gainsDb.Clear(); return; }
        for (int c = 0; c < Channels; c++)
        {
            Recent(c, time, _frame);
            _features.Compute(_frame, _input.AsSpan(c * ChannelFeatures.Size, ChannelFeatures.Size));
        }
        _embed.Forward(_input, _embedded);
        int e = DmcModel.Embedding;
        for (int c = 0; c < Channels; c++)
        {
            _embedded.AsSpan(c * e, e).CopyTo(_joined.AsSpan(c * 2 * e, e));
            var context = _joined.AsSpan(c * 2 * e + e, e);
            for (int k = 0; k < e; k++)
            {
                float sum = 0;
                for (int other = 0; other < Channels; other++) sum += _embedded[other * e + k];
                context[k] = sum / Channels;
            }
        }
        _head.Forward(_joined, _logits);
        for (int c = 0; c < Channels; c++)
            gainsDb[c] = Neural.F.SigmoidValue(_logits[c]) * (DmcModel.MaximumDb - DmcModel.MinimumDb) + DmcModel.MinimumDb;
    }
}
