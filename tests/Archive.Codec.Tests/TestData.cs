namespace Archive.Codec.Tests;

/// <summary>Deterministic test inputs.</summary>
internal static class TestData
{
    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>All subsets of {0..n-1} with at most <paramref name="max"/> members, as presence flags.</summary>
    public static IEnumerable<bool[]> ErasurePatterns(int n, int max)
    {
        for (int mask = 0; mask < 1 << n; mask++)
        {
            if (int.PopCount(mask) <= max)
            {
                var present = new bool[n];
                for (int i = 0; i < n; i++)
                {
                    present[i] = (mask & (1 << i)) == 0;
                }

                yield return present;
            }
        }
    }
}
