using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AutoFoh.Dsp.Filters;

namespace AutoFoh.Dsp.Effects;

/// <summary>
/// Second-order sections in series on one or two planar channels: transposed direct form II with
/// double-precision state (as <see cref="Biquad"/>), both channels carried in the two lanes of one
/// <see cref="Vector128{T}"/> and every section advanced once per frame, so the sections' recursions run in
/// parallel instead of one pass per section per channel (each pass would wait on its own recursion).
/// More than five sections run in passes of five (the signal is rounded to float between passes).
/// The engine under <see cref="HighPassFilter"/>, <see cref="ParametricEq"/> and <see cref="TiltEq"/>.
/// </summary>
public sealed class BiquadCascade
{
    private readonly Section[] _sections;
    private readonly Vector128<double>[] _state; // s1, s2 per section; lane 0 left, lane 1 right
    private readonly BiquadCoefficients[] _coefficients;
    private int _count;

    public BiquadCascade(int maxSections)
    {
        if (maxSections <= 0) throw new ArgumentOutOfRangeException(nameof(maxSections), maxSections, "a cascade needs room for at least one section");
        _sections = new Section[maxSections];
        _state = new Vector128<double>[2 * maxSections];
        _coefficients = new BiquadCoefficients[maxSections];
    }

    public int SectionCount => _count;

    public ReadOnlySpan<BiquadCoefficients> Sections => _coefficients.AsSpan(0, _count);

    /// <summary>Replaces the sections (at most the capacity given to the constructor) and clears the state.</summary>
    public void SetSections(ReadOnlySpan<BiquadCoefficients> sections)
    {
        if (sections.Length > _sections.Length)
            throw new ArgumentException($"{sections.Length} sections do not fit a cascade of {_sections.Length}", nameof(sections));
        _count = sections.Length;
        for (int s = 0; s < _count; s++)
        {
            var c = sections[s];
            _coefficients[s] = c;
            _sections[s] = new Section(Vector128.Create(c.B0), Vector128.Create(c.B1), Vector128.Create(c.B2), Vector128.Create(-c.A1), Vector128.Create(-c.A2));
        }
        Reset();
    }

    public void Reset() => Array.Clear(_state);

    /// <summary>|H(e^{jω})| of the whole cascade at <paramref name="frequencyHz"/>.</summary>
    public double Magnitude(double frequencyHz, double sampleRateHz)
    {
        double magnitude = 1;
        foreach (var c in Sections) magnitude *= c.Magnitude(frequencyHz, sampleRateHz);
        return magnitude;
    }

    /// <summary>Filters in place; an empty <paramref name="right"/> means a mono signal.</summary>
    public void Process(Span<float> left, Span<float> right) => Process(left, right, left, right);

    /// <summary>
    /// Filters <paramref name="inputLeft"/>/<paramref name="inputRight"/> into <paramref name="left"/>/<paramref name="right"/>
    /// (the same length; the input may be the output). An empty right channel means mono. With no sections
    /// the input is copied.
    /// </summary>
    public void Process(ReadOnlySpan<float> inputLeft, ReadOnlySpan<float> inputRight, Span<float> left, Span<float> right)
    {
        bool stereo = !right.IsEmpty;
        left = left[..inputLeft.Length];
        if (stereo) right = right[..inputLeft.Length];
        if (_count == 0)
        {
            inputLeft.CopyTo(left);
            if (stereo) inputRight.CopyTo(right);
            return;
        }
        // Up to five sections per pass over the block, their state in registers (a pass per section would
        // wait on each recursion in turn; a loop over sections in memory waits on store-to-load forwarding).
        // The first pass reads the input, the others the output.
        for (int first = 0; first < _count; first += 5)
        {
            var sourceLeft = first == 0 ? inputLeft : left;
            var sourceRight = first == 0 ? inputRight : right;
            switch (Math.Min(5, _count - first))
            {
                case 1: Pass<One>(sourceLeft, sourceRight, left, right, first); break;
                case 2: Pass<Two>(sourceLeft, sourceRight, left, right, first); break;
                case 3: Pass<Three>(sourceLeft, sourceRight, left, right, first); break;
                case 4: Pass<Four>(sourceLeft, sourceRight, left, right, first); break;
                default: Pass<Five>(sourceLeft, sourceRight, left, right, first); break;
            }
        }
        // A decaying state would reach subnormal doubles after seconds of silence, where x86 arithmetic
        // slows down a hundredfold; anything this small is far below a float output's resolution.
        for (int i = 0; i < 2 * _count; i++)
            if (Vector128.LessThanAll(Vector128.Abs(_state[i]), Vector128.Create(1e-30))) _state[i] = Vector128<double>.Zero;
    }

    /// <summary>
    /// <typeparamref name="TCount"/> sections (1..5) from <paramref name="first"/> on, sample by sample, both
    /// channels in the two lanes. The count is a type so that the JIT compiles one loop per count with the
    /// unused sections removed.
    /// </summary>
    private void Pass<TCount>(ReadOnlySpan<float> inputLeft, ReadOnlySpan<float> inputRight, Span<float> left, Span<float> right, int first) where TCount : struct, ISectionCount
    {
        int count = TCount.Value;
        bool stereo = !right.IsEmpty;
        var sections = _sections.AsSpan(first, count);
        var state = _state.AsSpan(2 * first, 2 * count);
        Section c0 = sections[0], c1 = count > 1 ? sections[1] : default, c2 = count > 2 ? sections[2] : default,
            c3 = count > 3 ? sections[3] : default, c4 = count > 4 ? sections[4] : default;
        Vector128<double> a0 = state[0], b0 = state[1];
        Vector128<double> a1 = count > 1 ? state[2] : default, b1 = count > 1 ? state[3] : default;
        Vector128<double> a2 = count > 2 ? state[4] : default, b2 = count > 2 ? state[5] : default;
        Vector128<double> a3 = count > 3 ? state[6] : default, b3 = count > 3 ? state[7] : default;
        Vector128<double> a4 = count > 4 ? state[8] : default, b4 = count > 4 ? state[9] : default;
        ref float inL = ref MemoryMarshal.GetReference(inputLeft);
        ref float inR = ref stereo ? ref MemoryMarshal.GetReference(inputRight) : ref inL;
        ref float l = ref MemoryMarshal.GetReference(left);
        ref float r = ref stereo ? ref MemoryMarshal.GetReference(right) : ref l;
        for (int n = 0; n < left.Length; n++)
        {
            // Widened as a pair (vcvtps2pd): two scalar float-to-double conversions would each merge into a
            // register still busy with the previous sample's recursion and serialise the loop.
            var x = Vector128.WidenLower(Vector128.Create(Unsafe.Add(ref inL, n), stereo ? Unsafe.Add(ref inR, n) : 0f, 0f, 0f));
            x = Step(c0, x, ref a0, ref b0);
            if (count > 1) x = Step(c1, x, ref a1, ref b1);
            if (count > 2) x = Step(c2, x, ref a2, ref b2);
            if (count > 3) x = Step(c3, x, ref a3, ref b3);
            if (count > 4) x = Step(c4, x, ref a4, ref b4);
            var y = Vector128.Narrow(x, x);
            Unsafe.Add(ref l, n) = y.ToScalar();
            if (stereo) Unsafe.Add(ref r, n) = y.GetElement(1);
        }
        state[0] = a0; state[1] = b0;
        if (count > 1) { state[2] = a1; state[3] = b1; }
        if (count > 2) { state[4] = a2; state[5] = b2; }
        if (count > 3) { state[6] = a3; state[7] = b3; }
        if (count > 4) { state[8] = a4; state[9] = b4; }
    }

    /// <summary>One transposed-direct-form-II step: y = b0·x + s1; s1 = b1·x − a1·y + s2; s2 = b2·x − a2·y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Step(in Section c, Vector128<double> x, ref Vector128<double> s1, ref Vector128<double> s2)
    {
        var y = Vector128.FusedMultiplyAdd(c.B0, x, s1);
        s1 = Vector128.FusedMultiplyAdd(c.NegA1, y, Vector128.FusedMultiplyAdd(c.B1, x, s2));
        s2 = Vector128.FusedMultiplyAdd(c.NegA2, y, c.B2 * x);
        return y;
    }

    private interface ISectionCount { static abstract int Value { get; } }
    private struct One : ISectionCount { public static int Value => 1; }
    private struct Two : ISectionCount { public static int Value => 2; }
    private struct Three : ISectionCount { public static int Value => 3; }
    private struct Four : ISectionCount { public static int Value => 4; }
    private struct Five : ISectionCount { public static int Value => 5; }

    private readonly record struct Section(Vector128<double> B0, Vector128<double> B1, Vector128<double> B2, Vector128<double> NegA1, Vector128<double> NegA2);
}
