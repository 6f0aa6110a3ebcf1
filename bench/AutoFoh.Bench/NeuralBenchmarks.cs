using System.Runtime.Intrinsics;
using AutoFoh.Neural;
using AutoFoh.Neural.Inference;
using AutoFoh.Neural.Kernels;
using AutoFoh.Neural.Modules;
using AutoFoh.Neural.Optim;
using BenchmarkDotNet.Attributes;

namespace AutoFoh.Bench;

/// <summary>
/// Square float32 matrix products: the blocked kernel on 1 and 2 threads against the textbook triple loop.
/// GFLOP/s = 2·n³ / mean time (docs/benchmarks.md).
/// Run: dotnet run -c Release --project bench/AutoFoh.Bench -- --filter '*MatMulBenchmarks*'
/// </summary>
[ShortRunJob]
public class MatMulBenchmarks
{
    private float[] _a = [], _b = [], _c = [];

    [Params(64, 256, 1024)]
    public int Size { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _a = Enumerable.Range(0, Size * Size).Select(_ => random.NextSingle()).ToArray();
        _b = Enumerable.Range(0, Size * Size).Select(_ => random.NextSingle()).ToArray();
        _c = new float[Size * Size];
        MatMulKernel.MaxDegreeOfParallelism = Threads;
    }

    [Benchmark]
    public void Blocked() => MatMulKernel.Multiply(_a, _b, _c, Size, Size, Size);

    [Benchmark]
    public void Naive()
    {
        if (Threads == 1) MatMulKernel.MultiplyNaive(_a, _b, _c, Size, Size, Size);
        else
            Parallel.For(0, 2, half =>
            {
                int rows = Size / 2;
                MatMulKernel.MultiplyNaive(_a.AsSpan(half * rows * Size, rows * Size), _b, _c.AsSpan(half * rows * Size, rows * Size), rows, Size, Size);
            });
    }
}

/// <summary>
/// The core's peak fused multiply-add rate: 10 independent accumulator chains (enough to hide FMA latency)
/// of 256- and 512-bit vectors, 10⁷ iterations. FLOP/s = 2 · lanes · chains · iterations / time.
/// </summary>
[ShortRunJob]
public class PeakFmaBenchmarks
{
    private const int Iterations = 10_000_000;

    [Benchmark]
    public float Vector256Fma()
    {
        var x = Vector256.Create(1.0001f);
        var y = Vector256.Create(0.9999f);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default, a8 = default, a9 = default;
        for (int i = 0; i < Iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, x, y); a1 = Vector256.FusedMultiplyAdd(a1, x, y);
            a2 = Vector256.FusedMultiplyAdd(a2, x, y); a3 = Vector256.FusedMultiplyAdd(a3, x, y);
            a4 = Vector256.FusedMultiplyAdd(a4, x, y); a5 = Vector256.FusedMultiplyAdd(a5, x, y);
            a6 = Vector256.FusedMultiplyAdd(a6, x, y); a7 = Vector256.FusedMultiplyAdd(a7, x, y);
            a8 = Vector256.FusedMultiplyAdd(a8, x, y); a9 = Vector256.FusedMultiplyAdd(a9, x, y);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9);
    }

    [Benchmark]
    public float Vector512Fma()
    {
        var x = Vector512.Create(1.0001f);
        var y = Vector512.Create(0.9999f);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default, a8 = default, a9 = default;
        for (int i = 0; i < Iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, x, y); a1 = Vector512.FusedMultiplyAdd(a1, x, y);
            a2 = Vector512.FusedMultiplyAdd(a2, x, y); a3 = Vector512.FusedMultiplyAdd(a3, x, y);
            a4 = Vector512.FusedMultiplyAdd(a4, x, y); a5 = Vector512.FusedMultiplyAdd(a5, x, y);
            a6 = Vector512.FusedMultiplyAdd(a6, x, y); a7 = Vector512.FusedMultiplyAdd(a7, x, y);
            a8 = Vector512.FusedMultiplyAdd(a8, x, y); a9 = Vector512.FusedMultiplyAdd(a9, x, y);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9);
    }
}

/// <summary>One training step of a 2-layer transformer encoder (d_model 64, 4 heads, seq 16, batch 32) and one streaming GRU step (hidden 64).</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class ModelStepBenchmarks
{
    private TransformerEncoderLayer[] _layers = [];
    private Adam _optimizer = null!;
    private Tensor _x = null!, _y = null!;
    private GruStreamer _gru = null!;
    private float[] _frame = [], _hidden = [];

    [GlobalSetup]
    public void Setup()
    {
        MatMulKernel.MaxDegreeOfParallelism = 1;
        _layers = [new TransformerEncoderLayer(64, 4, 256, new Random(1), dropout: 0.1f), new TransformerEncoderLayer(64, 4, 256, new Random(2), dropout: 0.1f)];
        _optimizer = new Adam(_layers.SelectMany(l => l.Parameters()), 1e-3);
        var random = new Random(3);
        _x = new Tensor(Enumerable.Range(0, 32 * 16 * 64).Select(_ => random.NextSingle()).ToArray(), 32, 16, 64);
        _y = new Tensor(Enumerable.Range(0, 32 * 16 * 64).Select(_ => random.NextSingle()).ToArray(), 32, 16, 64);
        _gru = new GruStreamer(new Gru(64, 64, new Random(4)), 1);
        _frame = Enumerable.Range(0, 64).Select(_ => random.NextSingle()).ToArray();
        _hidden = new float[64];
    }

    [Benchmark]
    public float TransformerTrainingStep()
    {
        _optimizer.ZeroGrad();
        var h = _x;
        foreach (var layer in _layers) h = layer.Forward(h);
        var loss = F.MseLoss(h, _y);
        loss.Backward();
        _optimizer.Step();
        return loss.Item();
    }

    [Benchmark]
    public float GruStreamingStep()
    {
        _gru.Step(_frame, _hidden);
        return _hidden[0];
    }
}
