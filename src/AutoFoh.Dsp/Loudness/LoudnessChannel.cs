namespace AutoFoh.Dsp.Loudness;

/// <summary>Loudspeaker position of a channel, which sets its weight in BS.1770-4 (table 3).</summary>
public enum LoudnessChannel
{
    Left,
    Right,
    Center,
    /// <summary>Low-frequency effects: excluded from loudness.</summary>
    Lfe,
    LeftSurround,
    RightSurround,
    /// <summary>A channel that does not count (weight 0).</summary>
    Unused,
    /// <summary>Any other full-range channel: weight 1.</summary>
    Other,
}

public static class LoudnessChannelLayout
{
    /// <summary>BS.1770-4 weights: 1.0 for L, R, C; 1.41 (+1.5 dB) for the surrounds; LFE excluded.</summary>
    public static double Weight(this LoudnessChannel channel) => channel switch
    {
        LoudnessChannel.LeftSurround or LoudnessChannel.RightSurround => 1.41,
        LoudnessChannel.Lfe or LoudnessChannel.Unused => 0,
        _ => 1.0,
    };

    /// <summary>
    /// The usual layout for a channel count: 1 mono, 2 L R, 3 L R C, 5 L R C Ls Rs, 6 L R C LFE Ls Rs
    /// (WAV/SMPTE order); anything else counts every channel with weight 1.
    /// </summary>
    public static LoudnessChannel[] Default(int channels) => channels switch
    {
        1 => [LoudnessChannel.Center],
        2 => [LoudnessChannel.Left, LoudnessChannel.Right],
        3 => [LoudnessChannel.Left, LoudnessChannel.Right, LoudnessChannel.Center],
        5 => [LoudnessChannel.Left, LoudnessChannel.Right, LoudnessChannel.Center, LoudnessChannel.LeftSurround, LoudnessChannel.RightSurround],
        6 => [LoudnessChannel.Left, LoudnessChannel.Right, LoudnessChannel.Center, LoudnessChannel.Lfe, LoudnessChannel.LeftSurround, LoudnessChannel.RightSurround],
        _ => Enumerable.Repeat(LoudnessChannel.Other, channels).ToArray(),
    };
}
