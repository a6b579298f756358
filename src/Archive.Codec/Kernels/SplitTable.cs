using Archive.Codec.Galois;

namespace Archive.Codec.Kernels;

/// <summary>Nibble split tables for PSHUFB kernels: c·x = lo[x &amp; 15] XOR hi[x &gt;&gt; 4].</summary>
internal static class SplitTable
{
    /// <summary>Writes lo (16 bytes) then hi (16 bytes), each repeated <paramref name="lanes"/> times.</summary>
    public static void Write(byte c, Span<byte> destination, int lanes)
    {
        for (int n = 0; n < 16; n++)
        {
            byte lo = GF256.Mul(c, (byte)n);
            byte hi = GF256.Mul(c, (byte)(n << 4));
            for (int lane = 0; lane < lanes; lane++)
            {
                destination[(lane * 16) + n] = lo;
                destination[(lanes * 16) + (lane * 16) + n] = hi;
            }
        }
    }
}
