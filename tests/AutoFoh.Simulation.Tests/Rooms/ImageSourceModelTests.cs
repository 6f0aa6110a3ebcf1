using AutoFoh.Simulation.Rooms;

namespace AutoFoh.Simulation.Tests.Rooms;

public class ImageSourceModelTests
{
    [Theory]
    [InlineData(10, 7, 3.5, 0.4)]
    [InlineData(12, 8, 4, 0.8)]
    [InlineData(6, 5, 3, 0.3)]
    [InlineData(20, 14, 6, 1.2)]
    public void The_rendered_rt60_matches_the_requested_one_within_15_percent(double l, double w, double h, double rt60)
    {
        var room = ShoeboxRoom.WithRt60(l, w, h, rt60);
        var ir = ImageSourceModel.ImpulseResponse(room, new Point3(l * 0.3, w * 0.4, 1.5), new Point3(l * 0.7, w * 0.55, 1.2), 16000, rt60 * 1.2);
        double measured = ImageSourceModel.MeasureRt60Seconds(ir, 16000);
        Assert.True(Math.Abs(measured - rt60) <= 0.15 * rt60, $"requested {rt60} s, measured {measured:F3} s");
    }

    [Fact]
    public void A_source_twice_as_far_arrives_6_dB_lower_and_later_by_the_extra_distance_over_c()
    {
        var room = ShoeboxRoom.WithRt60(20, 15, 8, 0.5);
        var mic = new Point3(5, 7.5, 4);
        const int rate = 48000;
        var near = ImageSourceModel.ImpulseResponse(room, new Point3(7, 7.5, 4), mic, rate, 0.05, maxOrder: 0);
        var far = ImageSourceModel.ImpulseResponse(room, new Point3(9, 7.5, 4), mic, rate, 0.05, maxOrder: 0);
        Assert.Equal(2.0 / 343 * rate, GroupDelaySamples(near, rate), 0.05);
        Assert.Equal(4.0 / 343 * rate, GroupDelaySamples(far, rate), 0.05);
        double levelDb = 10 * Math.Log10(far.Sum(v => (double)v * v) / near.Sum(v => (double)v * v));
        Assert.Equal(-6.02, levelDb, 0.1);
    }

    [Fact]
    public void The_direct_path_delay_is_exact_to_a_fraction_of_a_sample()
    {
        var room = ShoeboxRoom.WithRt60(20, 15, 8, 0.5);
        const int rate = 48000;
        // 1.2345 m: 172.78 samples. The interpolated impulse's centroid lands there.
        var ir = ImageSourceModel.ImpulseResponse(room, new Point3(6.2345, 7.5, 4), new Point3(5, 7.5, 4), rate, 0.01, maxOrder: 0);
        Assert.Equal(1.2345 / 343 * rate, GroupDelaySamples(ir, rate), 0.01);
    }

    /// <summary>Delay from the phase slope between 1000 and 1010 Hz (no wrapping for delays under 4800 samples).</summary>
    private static double GroupDelaySamples(float[] ir, int rate)
    {
        double Phase(double f)
        {
            double re = 0, im = 0;
            for (int n = 0; n < ir.Length; n++) { re += ir[n] * Math.Cos(2 * Math.PI * f * n / rate); im -= ir[n] * Math.Sin(2 * Math.PI * f * n / rate); }
            return Math.Atan2(im, re);
        }
        double dphi = Phase(1010) - Phase(1000);
        dphi = Math.IEEERemainder(dphi, 2 * Math.PI);
        return -dphi / (2 * Math.PI * 10) * rate;
    }

    [Fact]
    public void Positions_outside_the_room_are_refused()
    {
        var room = ShoeboxRoom.WithRt60(5, 4, 3, 0.4);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageSourceModel.ImpulseResponse(room, new Point3(6, 1, 1), new Point3(1, 1, 1), 16000, 0.1));
    }
}
