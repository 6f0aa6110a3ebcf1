namespace AutoFoh.Lab;

/// <summary>
/// Deterministic seeds derived from a run's seed and indices (SplitMix64 finaliser), for the gym and the
/// training loops. HashCode.Combine is randomised per process and would make runs irreproducible.
/// </summary>
public static class SeedMixer
{
    public static int Mix(params int[] values)
    {
        ulong h = 0x9E3779B97F4A7C15UL;
        foreach (int v in values)
        {
            h ^= (ulong)(uint)v + 0x9E3779B97F4A7C15UL + (h << 6) + (h >> 2);
            h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
            h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
            h ^= h >> 31;
        }
        return (int)(h & 0x7FFFFFFF);
    }
}
