namespace AutoFoh.Simulation.Rooms;

/// <summary>
/// Room impulse responses by the image-source method (Allen and Berkley 1979): every reflection path in
/// a shoebox is a mirrored copy of the source; each image arrives after distance/c with amplitude
/// 1/distance (1 at one metre) times the pressure reflection coefficient √(1 − α) of every wall it
/// bounced off. Arrival times fall between samples, so each image is placed with a Hann-windowed sinc
/// (fractional delay), which keeps delays exact to a fraction of a sample.
/// </summary>
public static class ImageSourceModel
{
    /// <summary>Half-length of the fractional-delay interpolator in samples.</summary>
    public const int InterpolatorHalfTaps = 16;

    /// <summary>
    /// The impulse response from <paramref name="source"/> to <paramref name="receiver"/>, <paramref name="lengthSeconds"/>
    /// long. A signal convolved with it is the pressure at the receiver when the signal is the pressure one
    /// metre from the source.
    /// </summary>
    public static float[] ImpulseResponse(ShoeboxRoom room, Point3 source, Point3 receiver, int sampleRateHz, double lengthSeconds,
        int maxOrder = int.MaxValue)
    {
        if (!room.Contains(source)) throw new ArgumentOutOfRangeException(nameof(source), source, "the source is outside the room");
        if (!room.Contains(receiver)) throw new ArgumentOutOfRangeException(nameof(receiver), receiver, "the receiver is outside the room");
        int length = (int)Math.Ceiling(lengthSeconds * sampleRateHz);
        var ir = new double[length + 2 * InterpolatorHalfTaps];
        double c = ShoeboxRoom.SpeedOfSoundMetresPerSecond;
        double maxDistance = lengthSeconds * c;
        double[] beta = room.Absorption.Select(a => Math.Sqrt(1 - a)).ToArray();
        double[] size = [room.LengthMetres, room.WidthMetres, room.HeightMetres];
        double[] s = [source.X, source.Y, source.Z];
        double[] r = [receiver.X, receiver.Y, receiver.Z];
        int[] n = size.Select(l => (int)Math.Ceiling(maxDistance / (2 * l)) + 1).ToArray();

        // Per axis, the candidate image coordinates and their wall-reflection gains.
        var axes = new (double Offset, double Gain, int Order)[3][];
        for (int a = 0; a < 3; a++)
        {
            var list = new List<(double, double, int)>();
            for (int k = -n[a]; k <= n[a]; k++)
                for (int p = 0; p <= 1; p++)
                {
                    double image = (1 - 2 * p) * s[a] + 2 * k * size[a];
                    int lowWall = Math.Abs(k - p), highWall = Math.Abs(k);
                    list.Add((image - r[a], Math.Pow(beta[2 * a], lowWall) * Math.Pow(beta[2 * a + 1], highWall), lowWall + highWall));
                }
            axes[a] = list.ToArray();
        }

        var window = new double[2 * InterpolatorHalfTaps];
        foreach (var x in axes[0])
        {
            if (Math.Abs(x.Offset) > maxDistance) continue;
            foreach (var y in axes[1])
            {
                double xy = x.Offset * x.Offset + y.Offset * y.Offset;
                if (xy > maxDistance * maxDistance) continue;
                foreach (var z in axes[2])
                {
                    if (x.Order + y.Order + z.Order > maxOrder) continue;
                    double distance = Math.Sqrt(xy + z.Offset * z.Offset);
                    if (distance > maxDistance) continue;
                    double gain = x.Gain * y.Gain * z.Gain / Math.Max(distance, 0.05);
                    if (gain < 1e-7) continue;
                    AddFractionalImpulse(ir, distance / c * sampleRateHz, gain);
                }
            }
        }
        return ir.Skip(InterpolatorHalfTaps).Take(length).Select(v => (float)v).ToArray();
    }

    /// <summary>Adds gain·δ(t − delay) band-limited: a Hann-windowed sinc centred on the fractional delay.</summary>
    private static void AddFractionalImpulse(double[] ir, double delaySamples, double gain)
    {
        int centre = (int)Math.Floor(delaySamples);
        double fraction = delaySamples - centre;
        int offset = InterpolatorHalfTaps; // ir holds InterpolatorHalfTaps samples of lead-in
        for (int k = -InterpolatorHalfTaps + 1; k <= InterpolatorHalfTaps; k++)
        {
            int index = centre + k + offset;
            if (index < 0 || index >= ir.Length) continue;
            double t = k - fraction;
            double sinc = t == 0 ? 1 : Math.Sin(Math.PI * t) / (Math.PI * t);
            double w = 0.5 + 0.5 * Math.Cos(Math.PI * t / InterpolatorHalfTaps);
            ir[index] += gain * sinc * w;
        }
    }

    /// <summary>
    /// RT60 measured from an impulse response by Schroeder's backward integration (Schroeder 1965): the
    /// slope of the energy decay curve between −5 and −25 dB (T20), extrapolated to 60 dB.
    /// </summary>
    public static double MeasureRt60Seconds(ReadOnlySpan<float> impulseResponse, int sampleRateHz)
    {
        var edc = new double[impulseResponse.Length];
        double sum = 0;
        for (int k = impulseResponse.Length - 1; k >= 0; k--) { sum += (double)impulseResponse[k] * impulseResponse[k]; edc[k] = sum; }
        if (sum <= 0) throw new ArgumentException("the impulse response is silent", nameof(impulseResponse));
        double total = edc[0];
        // Least-squares line through the decay between −5 and −25 dB.
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int count = 0;
        for (int k = 0; k < edc.Length; k++)
        {
            double db = 10 * Math.Log10(edc[k] / total);
            if (db > -5) continue;
            if (db < -25) break;
            double t = k / (double)sampleRateHz;
            sx += t; sy += db; sxx += t * t; sxy += t * db; count++;
        }
        if (count < 2) throw new ArgumentException("the impulse response does not decay by 25 dB", nameof(impulseResponse));
        double slope = (count * sxy - sx * sy) / (count * sxx - sx * sx);
        return -60 / slope;
    }
}
