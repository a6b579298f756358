namespace Archive.Codec.ReedSolomon;

/// <summary>Which of up to 256 shards are present, plus what is wanted: the decode-plan cache key.</summary>
internal readonly record struct ErasureKey(ulong P0, ulong P1, ulong P2, ulong P3, bool DataOnly)
{
    public static ErasureKey From(ReadOnlySpan<bool> present, bool dataOnly)
    {
        Span<ulong> bits = stackalloc ulong[4];
        bits.Clear();
        for (int i = 0; i < present.Length; i++)
        {
            if (present[i])
            {
                bits[i >> 6] |= 1UL << (i & 63);
            }
        }

        return new ErasureKey(bits[0], bits[1], bits[2], bits[3], dataOnly);
    }
}
