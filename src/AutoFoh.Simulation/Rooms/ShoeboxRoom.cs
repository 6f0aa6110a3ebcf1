namespace AutoFoh.Simulation.Rooms;

/// <summary>
/// A rectangular room: size in metres and the energy absorption coefficient of each of its six surfaces
/// (order: x=0, x=Lx, y=0, y=Ly, floor z=0, ceiling z=Lz).
/// </summary>
public sealed record ShoeboxRoom
{
    public const double SpeedOfSoundMetresPerSecond = 343.0;

    public ShoeboxRoom(double lengthMetres, double widthMetres, double heightMetres, IReadOnlyList<double> absorption)
    {
        if (!(lengthMetres > 0 && widthMetres > 0 && heightMetres > 0)) throw new ArgumentOutOfRangeException(nameof(lengthMetres), $"room size {lengthMetres} x {widthMetres} x {heightMetres} m must be positive");
        if (absorption.Count != 6) throw new ArgumentException($"a shoebox has 6 surfaces, {absorption.Count} absorption coefficients given", nameof(absorption));
        foreach (double a in absorption)
            if (!(a > 0 && a <= 1)) throw new ArgumentOutOfRangeException(nameof(absorption), a, "absorption coefficients must be in (0, 1]");
        LengthMetres = lengthMetres;
        WidthMetres = widthMetres;
        HeightMetres = heightMetres;
        Absorption = absorption.ToArray();
    }

    public double LengthMetres { get; }
    public double WidthMetres { get; }
    public double HeightMetres { get; }
    public IReadOnlyList<double> Absorption { get; }

    public double VolumeCubicMetres => LengthMetres * WidthMetres * HeightMetres;

    public double SurfaceSquareMetres => 2 * (LengthMetres * WidthMetres + LengthMetres * HeightMetres + WidthMetres * HeightMetres);

    /// <summary>
    /// A room of the given size whose image-source impulse responses decay with the reverberation time
    /// <paramref name="rt60Seconds"/>, with the same absorption on every surface.
    ///
    /// Eyring's formula RT60 = 0.161 V / (−S ln(1 − α)) assumes a diffuse field; a specular shoebox is not
    /// diffuse: rays travelling along an axis meet few walls and dominate the late decay, which comes out
    /// 1.5-2x longer than Eyring says. So Eyring gives the first guess, and the absorption is then corrected
    /// by secant steps on log RT60 against log(−ln(1 − α)), measuring T20 of a rendered response at
    /// 8 kHz (broadband decay does not depend on the rate) between two generic positions.
    /// </summary>
    public static ShoeboxRoom WithRt60(double lengthMetres, double widthMetres, double heightMetres, double rt60Seconds)
    {
        if (!(rt60Seconds > 0)) throw new ArgumentOutOfRangeException(nameof(rt60Seconds), rt60Seconds, "RT60 must be positive");
        double volume = lengthMetres * widthMetres * heightMetres;
        double surface = 2 * (lengthMetres * widthMetres + lengthMetres * heightMetres + widthMetres * heightMetres);
        // Work in u = −ln(1 − α), to which RT60 is inversely proportional under Eyring.
        double u = 0.161 * volume / (surface * rt60Seconds);
        ShoeboxRoom Make(double uu) => new(lengthMetres, widthMetres, heightMetres, Enumerable.Repeat(Math.Clamp(1 - Math.Exp(-uu), 1e-4, 1), 6).ToArray());
        var source = new Point3(0.31 * lengthMetres, 0.43 * widthMetres, 0.37 * heightMetres);
        var receiver = new Point3(0.67 * lengthMetres, 0.58 * widthMetres, 0.52 * heightMetres);
        double Measure(double uu) => ImageSourceModel.MeasureRt60Seconds(ImageSourceModel.ImpulseResponse(Make(uu), source, receiver, 8000, 1.5 * rt60Seconds), 8000);
        double u0 = u, t0 = Measure(u0);
        double u1 = u0 * t0 / rt60Seconds, t1 = Measure(u1);
        for (int iteration = 0; iteration < 6 && Math.Abs(t1 - rt60Seconds) > 0.02 * rt60Seconds; iteration++)
        {
            // Secant on log T against log u.
            double slope = (Math.Log(t1) - Math.Log(t0)) / (Math.Log(u1) - Math.Log(u0));
            if (!double.IsFinite(slope) || slope >= 0) slope = -1;
            double next = Math.Exp(Math.Log(u1) + (Math.Log(rt60Seconds) - Math.Log(t1)) / slope);
            (u0, t0) = (u1, t1);
            u1 = Math.Clamp(next, 1e-5, 20);
            t1 = Measure(u1);
        }
        return Make(u1);
    }

    /// <summary>Eyring's reverberation time for the mean absorption.</summary>
    public double EyringRt60Seconds
    {
        get
        {
            double[] areas = [WidthMetres * HeightMetres, WidthMetres * HeightMetres, LengthMetres * HeightMetres, LengthMetres * HeightMetres, LengthMetres * WidthMetres, LengthMetres * WidthMetres];
            double meanAlpha = areas.Select((a, k) => a * Absorption[k]).Sum() / areas.Sum();
            return 0.161 * VolumeCubicMetres / (-SurfaceSquareMetres * Math.Log(1 - Math.Min(meanAlpha, 0.999999)));
        }
    }

    public bool Contains(Point3 p) => p.X > 0 && p.X < LengthMetres && p.Y > 0 && p.Y < WidthMetres && p.Z > 0 && p.Z < HeightMetres;
}
