using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AutoFoh.Dsp.Filters;

namespace AutoFoh.Mastering.Effects;

/// <summary>
/// Second-order sections in series on one or two planar channels: transposed direct form II with
/// double-precision state (as <see cref="Biquad"/>), both channels carried in the two lanes of one
/// <see cref="Vector128{T}"/> and every section advanced once per frame, so the sections' recursions run in
/// parallel instead of one pass per section per channel (each pass would wait on its own recursion).
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
    public void Process(Span<float> left, Span<float> right)
    {
        if (_count == 0 || left.IsEmpty) return;
        bool stereo = !right.IsEmpty;
        if (stereo) right = right[..left.Length];
        int count = _count;
        ref Section sections = ref MemoryMarshal.GetArrayDataReference(_sections);
        ref Vector128<double> state = ref MemoryMarshal.GetArrayDataReference(_state);
        for (int n = 0; n < left.Length; n++)
        {
            var x = Vector128.Create(left[n], stereo ? right[n] : 0.0);
            for (int s = 0; s < count; s++)
            {
                ref readonly Section c = ref Unsafe.Add(ref sections, s);
                ref Vector128<double> s1 = ref Unsafe.Add(ref state, 2 * s);
                ref Vector128<double> s2 = ref Unsafe.Add(ref state, 2 * s + 1);
                var y = Vector128.FusedMultiplyAdd(c.B0, x, s1);
                s1 = Vector128.FusedMultiplyAdd(c.NegA1, y, Vector128.FusedMultiplyAdd(c.B1, x, s2));
                s2 = Vector128.FusedMultiplyAdd(c.NegA2, y, c.B2 * x);
                x = y;
            }
            left[n] = (float)x.ToScalar();
            if (stereo) right[n] = (float)x.GetElement(1);
        }
        // A decaying state would reach subnormal doubles after seconds of silence, where x86 arithmetic
        // slows down a hundredfold; anything this small is far below a float output's resolution.
        for (int i = 0; i < 2 * count; i++)
            if (Vector128.LessThanAll(Vector128.Abs(_state[i]), Vector128.Create(1e-30))) _state[i] = Vector128<double>.Zero;
    }

    private readonly record struct Section(Vector128<double> B0, Vector128<double> B1, Vector128<double> B2, Vector128<double> NegA1, Vector128<double> NegA2);
}
