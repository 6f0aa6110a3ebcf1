using AutoFoh.Dsp.Bands;
using AutoFoh.Neural;
using AutoFoh.Neural.Modules;
using AutoFoh.Neural.Optim;
using AutoFoh.Soundcheck.Dominance;
using AutoFoh.Soundcheck.Presence;

namespace AutoFoh.Soundcheck.Reference;

/// <summary>
/// Seed 000, section 6.2: 24 small networks, one per critical band, each mapping the instruments'
/// playing bits through one hidden ReLU layer to a softmax over instruments (the band's shares), trained
/// with MSE (10 epochs, learning rate 0.01, batch 32; Adam, as Keras-era code would default to).
/// State-dict names "bands.{b}.0.weight" ... as a torch ModuleList of Sequentials.
/// </summary>
public sealed class BandMixNetworks : Module, IMixPredictor
{
    public const int DefaultHidden = 16;
    private readonly BandNetwork[] _bands;
    private readonly Dictionary<ulong, float[]> _cache = [];

    public BandMixNetworks(IReadOnlyList<string> instruments, int seed, int hidden = DefaultHidden)
    {
        Instruments = instruments.ToArray();
        Hidden = hidden;
        var random = new Random(seed);
        _bands = new BandNetwork[CriticalBands.Count];
        var list = Child("bands", new BandList());
        for (int b = 0; b < _bands.Length; b++) _bands[b] = list.Add(new BandNetwork(instruments.Count, hidden, random));
    }

    public IReadOnlyList<string> Instruments { get; }
    public int Hidden { get; }

    public sealed record TrainingOptions(int Epochs = 10, double LearningRate = 0.01, int BatchSize = 32, int Seed = 1);

    /// <summary>Trains on frames [first, first+count) of the reference; returns the final training MSE.</summary>
    public double Train(DominanceMap dominance, PresenceMap presence, int first, int count, TrainingOptions? options = null)
    {
        options ??= new TrainingOptions();
        int n = Instruments.Count;
        var optimizer = new Adam(Parameters(), options.LearningRate);
        var random = new Random(options.Seed);
        var order = Enumerable.Range(first, count).ToArray();
        double lastLoss = double.NaN;
        int step = 0;
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            double epochLoss = 0;
            int batches = 0;
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                var batch = order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start)).ToArray();
                var bits = new float[batch.Length * n];
                for (int i = 0; i < batch.Length; i++)
                    for (int k = 0; k < n; k++) bits[i * n + k] = presence[batch[i], k] ? 1f : 0f;
                var x = new Tensor(bits, batch.Length, n);
                optimizer.ZeroGrad();
                Tensor? loss = null;
                for (int b = 0; b < CriticalBands.Count; b++)
                {
                    var target = new float[batch.Length * n];
                    for (int i = 0; i < batch.Length; i++)
                        for (int k = 0; k < n; k++) target[i * n + k] = dominance[batch[i], b, k];
                    var bandLoss = F.MseLoss(_bands[b].Forward(x), new Tensor(target, batch.Length, n));
                    loss = loss is null ? bandLoss : F.Add(loss, bandLoss);
                }
                loss = F.Mul(loss!, 1f / CriticalBands.Count);
                epochLoss += LossGuard.Check(loss, step++);
                loss.Backward();
                optimizer.Step();
                batches++;
            }
            lastLoss = epochLoss / Math.Max(1, batches);
        }
        _cache.Clear();
        return lastLoss;
    }

    public void Predict(ulong playing, Span<float> shares)
    {
        if (!_cache.TryGetValue(playing, out var cached))
        {
            int n = Instruments.Count;
            var bits = new float[n];
            for (int k = 0; k < n; k++) bits[k] = (playing >> k & 1) != 0 ? 1f : 0f;
            var x = new Tensor(bits, 1, n);
            cached = new float[CriticalBands.Count * n];
            using (GradMode.Disable())
                for (int b = 0; b < CriticalBands.Count; b++) _bands[b].Forward(x).Data.CopyTo(cached, b * n);
            _cache[playing] = cached;
        }
        cached.CopyTo(shares);
    }

    /// <summary>Playing bits → Linear → ReLU → Linear → softmax (torch: Sequential(Linear, ReLU, Linear, Softmax)).</summary>
    private sealed class BandNetwork : Module
    {
        private readonly Linear _hidden, _output;

        public BandNetwork(int instruments, int hidden, Random random)
        {
            _hidden = Child("0", new Linear(instruments, hidden, random));
            _output = Child("2", new Linear(hidden, instruments, random));
        }

        public Tensor Forward(Tensor bits) => F.Softmax(_output.Forward(F.Relu(_hidden.Forward(bits))), -1);
    }

    private sealed class BandList : Module
    {
        private int _count;

        public BandNetwork Add(BandNetwork band) => Child((_count++).ToString(System.Globalization.CultureInfo.InvariantCulture), band);
    }
}
