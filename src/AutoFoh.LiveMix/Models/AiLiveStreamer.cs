using AutoFoh.LiveMix.Features;
using AutoFoh.Neural;
using AutoFoh.Neural.Inference;
using AutoFoh.Neural.Kernels;
using AutoFoh.Neural.Modules;

namespace AutoFoh.LiveMix.Models;

/// <summary>
/// Runs a trained <see cref="AiLiveModel"/> live for a fixed number of channels: <see cref="Embed"/> once per
/// F1 frame, <see cref="Step"/> once per F2 decision. Weights are transposed and every buffer allocated in
/// the constructor, so neither call allocates (a real-time worker thread can run them). Gives the numbers
/// of <see cref="AiLiveModel.Forward"/> (tested).
/// </summary>
public sealed class AiLiveStreamer
{
    private readonly AiLiveModel _model;
    private readonly int _channels, _dim;
    private readonly ConvLayer[] _convs;
    private readonly float[] _embedT, _conditionT;
    private readonly MlpInference _head;
    private readonly TransformerEncoderInference _encoder1, _encoder2, _encoder3;
    private readonly GruStreamer _gru;
    private readonly float[] _normalised, _pooled, _embedded, _related, _conditionInput, _x, _y, _logit;
    private bool _hasEmbedding;

    public AiLiveStreamer(AiLiveModel model, int channels)
    {
        _model = model;
        _channels = channels;
        _dim = model.Config.Dim;
        int h = LogMelFrontEnd.Frames, w = LogMelFrontEnd.Bands;
        _convs = [new ConvLayer(model.Conv1, h, w), null!, null!];
        _convs[1] = new ConvLayer(model.Conv2, _convs[0].OutH, _convs[0].OutW);
        _convs[2] = new ConvLayer(model.Conv3, _convs[1].OutH, _convs[1].OutW);
        _embedT = Transposed(model.Embed.Weight);
        _conditionT = Transposed(model.Condition.Weight);
        _head = new MlpInference(model.Head, channels);
        _encoder1 = new TransformerEncoderInference(model.Encoder1, 1, channels);
        _encoder2 = new TransformerEncoderInference(model.Encoder2, 1, channels);
        _encoder3 = new TransformerEncoderInference(model.Encoder3, 1, channels);
        _gru = new GruStreamer(model.Gru, channels);
        _normalised = new float[h * w];
        _pooled = new float[model.Embed.InFeatures];
        _embedded = new float[channels * _dim];
        _related = new float[channels * _dim];
        _conditionInput = new float[channels * (_dim + 1)];
        _x = new float[channels * _dim];
        _y = new float[channels * _dim];
        _logit = new float[channels];
    }

    public int Channels => _channels;

    /// <summary>Forgets the song: no embedding yet, the GRU's state at zero.</summary>
    public void Reset()
    {
        _hasEmbedding = false;
        Array.Clear(_related);
        _gru.Reset();
    }

    /// <summary>One F1 frame: the log-mel patches of every channel, [C, 96·64] (raw log energies).</summary>
    public void Embed(ReadOnlySpan<float> patches)
    {
        int size = LogMelFrontEnd.Frames * LogMelFrontEnd.Bands;
        for (int c = 0; c < _channels; c++)
        {
            var patch = patches.Slice(c * size, size);
            double level = 0;
            for (int i = 0; i < size; i++)
            {
                float v = (patch[i] - AiLiveModel.PatchOffset) * AiLiveModel.PatchScale;
                _normalised[i] = v;
                level += v;
            }
            var x = _convs[0].Forward(_normalised);
            x = _convs[1].Forward(x);
            x = _convs[2].Forward(x);
            int positions = _convs[2].OutH * _convs[2].OutW, features = _convs[2].OutChannels;
            for (int f = 0; f < features; f++)
            {
                double sum = 0;
                for (int p = 0; p < positions; p++) sum += x[p * features + f];
                _pooled[f] = (float)(sum / positions);
            }
            _pooled[features] = (float)(level / size);
            Dense(_pooled, _embedT, _model.Embed.Bias, _embedded.AsSpan(c * _dim, _dim), 1, _pooled.Length, _dim);
        }
        _encoder1.Forward(_embedded, _related);
        _hasEmbedding = true;
    }

    /// <summary>One F2 decision: each channel's RMS (dB) over the last F2 frame → each channel's gain (dB) for the next.</summary>
    public void Step(ReadOnlySpan<float> rmsDb, Span<float> gainsDb)
    {
        int d = _dim;
        for (int c = 0; c < _channels; c++)
        {
            var row = _conditionInput.AsSpan(c * (d + 1), d + 1);
            if (_hasEmbedding) _related.AsSpan(c * d, d).CopyTo(row);
            else row[..d].Clear();
            row[d] = (rmsDb[c] + AiLiveModel.RmsOffsetDb) / AiLiveModel.RmsScaleDb;
        }
        Dense(_conditionInput, _conditionT, _model.Condition.Bias, _x, _channels, d + 1, d);
        for (int i = 0; i < _x.Length; i++) _x[i] = Math.Max(0, _x[i]);
        _encoder2.Forward(_x, _y);
        _gru.Step(_y, _x);
        _encoder3.Forward(_x, _y);
        _head.Forward(_y, _logit);
        for (int c = 0; c < _channels; c++)
            gainsDb[c] = F.SigmoidValue(_logit[c]) * (AiLiveModel.MaximumDb - AiLiveModel.MinimumDb) + AiLiveModel.MinimumDb;
    }

    private static float[] Transposed(Tensor weight)
    {
        var t = new float[weight.Size];
        MatMulKernel.Transpose(weight.Data, t, weight.Shape[0], weight.Shape[1]);
        return t;
    }

    private static void Dense(ReadOnlySpan<float> x, float[] weightT, Tensor? bias, Span<float> y, int rows, int inFeatures, int outFeatures)
    {
        if (bias is not null) for (int r = 0; r < rows; r++) bias.Data.AsSpan().CopyTo(y.Slice(r * outFeatures, outFeatures));
        MatMulKernel.Multiply(x[..(rows * inFeatures)], weightT, y[..(rows * outFeatures)], rows, inFeatures, outFeatures, accumulate: bias is not null, allowParallel: false);
    }

    /// <summary>A 3×3 convolution with ReLU as im2col + matrix product; activations position-major [H·W, C].</summary>
    private sealed class ConvLayer
    {
        private readonly Conv2d _conv;
        private readonly int _inH, _inW, _inC, _k;
        private readonly float[] _weightT, _columns, _output;

        public ConvLayer(Conv2d conv, int inH, int inW)
        {
            _conv = conv;
            _inH = inH;
            _inW = inW;
            _inC = conv.Weight.Shape[1];
            _k = conv.Weight.Shape[2];
            OutChannels = conv.Weight.Shape[0];
            OutH = (inH + 2 * conv.Padding - _k) / conv.Stride + 1;
            OutW = (inW + 2 * conv.Padding - _k) / conv.Stride + 1;
            int patch = _inC * _k * _k;
            _weightT = new float[patch * OutChannels];
            MatMulKernel.Transpose(conv.Weight.Data, _weightT, OutChannels, patch);
            _columns = new float[OutH * OutW * patch];
            _output = new float[OutH * OutW * OutChannels];
        }

        public int OutH { get; }
        public int OutW { get; }
        public int OutChannels { get; }

        public float[] Forward(ReadOnlySpan<float> input)
        {
            int patch = _inC * _k * _k, stride = _conv.Stride, pad = _conv.Padding;
            for (int i = 0; i < OutH; i++)
                for (int j = 0; j < OutW; j++)
                {
                    int row = (i * OutW + j) * patch;
                    for (int c = 0; c < _inC; c++)
                        for (int u = 0; u < _k; u++)
                            for (int v = 0; v < _k; v++)
                            {
                                int y = i * stride - pad + u, x = j * stride - pad + v;
                                _columns[row + (c * _k + u) * _k + v] = y < 0 || y >= _inH || x < 0 || x >= _inW ? 0 : input[(y * _inW + x) * _inC + c];
                            }
                }
            int positions = OutH * OutW;
            var bias = _conv.Bias!.Data;
            for (int p = 0; p < positions; p++) bias.AsSpan().CopyTo(_output.AsSpan(p * OutChannels, OutChannels));
            MatMulKernel.Multiply(_columns, _weightT, _output, positions, patch, OutChannels, accumulate: true, allowParallel: false);
            for (int i = 0; i < _output.Length; i++) _output[i] = Math.Max(0, _output[i]);
            return _output;
        }
    }
}
