using AutoFoh.Neural.Kernels;
using AutoFoh.Neural.Modules;

namespace AutoFoh.Neural.Inference;

/// <summary>
/// Runs a trained <see cref="Gru"/> one time step at a time for a fixed number of streams (e.g. one per
/// channel), keeping each layer's hidden state. Weights are transposed once and every buffer is
/// allocated in the constructor: <see cref="Step"/> allocates nothing (RTNeural's approach), so it can
/// run on a real-time worker thread.
/// </summary>
public sealed class GruStreamer
{
    private readonly int _layers, _hidden, _input, _streams;
    private readonly float[][] _wihT, _whhT, _bih, _bhh, _state;
    private readonly float[] _gi, _gh, _layerInput;

    public GruStreamer(Gru gru, int streams)
    {
        _layers = gru.NumLayers;
        _hidden = gru.HiddenSize;
        _input = gru.InputSize;
        _streams = streams;
        _wihT = new float[_layers][];
        _whhT = new float[_layers][];
        _bih = new float[_layers][];
        _bhh = new float[_layers][];
        _state = new float[_layers][];
        for (int l = 0; l < _layers; l++)
        {
            int inSize = l == 0 ? _input : _hidden;
            _wihT[l] = new float[inSize * 3 * _hidden];
            MatMulKernel.Transpose(gru.WeightIh[l].Data, _wihT[l], 3 * _hidden, inSize);
            _whhT[l] = new float[_hidden * 3 * _hidden];
            MatMulKernel.Transpose(gru.WeightHh[l].Data, _whhT[l], 3 * _hidden, _hidden);
            _bih[l] = (float[])gru.BiasIh[l].Data.Clone();
            _bhh[l] = (float[])gru.BiasHh[l].Data.Clone();
            _state[l] = new float[streams * _hidden];
        }
        _gi = new float[streams * 3 * _hidden];
        _gh = new float[streams * 3 * _hidden];
        _layerInput = new float[streams * Math.Max(_input, _hidden)];
    }

    /// <summary>Hidden state of layer <paramref name="layer"/>, [streams, H] (writable, e.g. to reset one stream).</summary>
    public Span<float> State(int layer) => _state[layer];

    public void Reset()
    {
        foreach (var s in _state) Array.Clear(s);
    }

    /// <summary>x [streams, in] → output [streams, H] (the last layer's new state).</summary>
    public void Step(ReadOnlySpan<float> x, Span<float> output)
    {
        int h3 = 3 * _hidden;
        x[..(_streams * _input)].CopyTo(_layerInput);
        int inSize = _input;
        for (int l = 0; l < _layers; l++)
        {
            var h = _state[l];
            for (int s = 0; s < _streams; s++) { _bih[l].CopyTo(_gi, s * h3); _bhh[l].CopyTo(_gh, s * h3); }
            MatMulKernel.Multiply(_layerInput.AsSpan(0, _streams * inSize), _wihT[l], _gi, _streams, inSize, h3, accumulate: true, allowParallel: false);
            MatMulKernel.Multiply(h, _whhT[l], _gh, _streams, _hidden, h3, accumulate: true, allowParallel: false);
            for (int s = 0; s < _streams; s++)
            {
                int g = s * h3, o = s * _hidden;
                for (int j = 0; j < _hidden; j++)
                {
                    float r = F.SigmoidValue(_gi[g + j] + _gh[g + j]);
                    float z = F.SigmoidValue(_gi[g + _hidden + j] + _gh[g + _hidden + j]);
                    float n = MathF.Tanh(_gi[g + 2 * _hidden + j] + r * _gh[g + 2 * _hidden + j]);
                    h[o + j] = n + z * (h[o + j] - n);
                }
            }
            h.CopyTo(_layerInput, 0);
            inSize = _hidden;
        }
        _state[_layers - 1].AsSpan().CopyTo(output);
    }
}
