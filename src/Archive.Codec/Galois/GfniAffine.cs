namespace Archive.Codec.Galois;

/// <summary>
/// 8×8 bit matrices for <c>GF2P8AFFINEQB</c> that multiply by a constant in GF(2^8)/0x11D.
/// (<c>GF2P8MULB</c> is hard-wired to the AES polynomial 0x11B, so it cannot be used here.)
/// </summary>
public static class GfniAffine
{
    /// <summary>
    /// The qword A such that affine(x, A, 0) = c·x for every byte x. The instruction computes
    /// result bit i = parity(A.byte[7-i] AND x), so byte 7-i holds, as a mask over input bits j,
    /// the bit i of c·2^j.
    /// </summary>
    public static ulong MatrixFor(byte c)
    {
        ulong matrix = 0;
        for (int i = 0; i < 8; i++)
        {
            int row = 0;
            for (int j = 0; j < 8; j++)
            {
                if (((GF256.Mul(c, (byte)(1 << j)) >> i) & 1) != 0)
                {
                    row |= 1 << j;
                }
            }

            matrix |= (ulong)row << (8 * (7 - i));
        }

        return matrix;
    }
}
