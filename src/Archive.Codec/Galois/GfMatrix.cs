namespace Archive.Codec.Galois;

/// <summary>
/// Dense row-major matrices over GF(2^8) as plain byte arrays. Small (at most 255×255) and used
/// only when a codec or a decode plan is built, never per stripe.
/// </summary>
public static class GfMatrix
{
    /// <summary>
    /// The m×k parity part of the systematic Cauchy encoding matrix: entry (i, j) = 1 / ((k+i) XOR j).
    /// Stacked under the k×k identity, every k×k submatrix is invertible (every square submatrix of a
    /// Cauchy matrix is), so any k of the k+m shards reconstruct the data. Same matrix as ISA-L's
    /// <c>gf_gen_cauchy1_matrix</c>, so parity is byte-identical to ISA-L's.
    /// </summary>
    public static byte[] CauchyParityRows(int dataShards, int parityShards)
    {
        var rows = new byte[parityShards * dataShards];
        for (int i = 0; i < parityShards; i++)
        {
            for (int j = 0; j < dataShards; j++)
            {
                rows[(i * dataShards) + j] = GF256.Inv((byte)((dataShards + i) ^ j));
            }
        }

        return rows;
    }

    /// <summary>Product of a (r×n) and b (n×c), returned as a new r×c matrix.</summary>
    public static byte[] Multiply(ReadOnlySpan<byte> a, int rows, int inner, ReadOnlySpan<byte> b, int cols)
    {
        var result = new byte[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                byte sum = 0;
                for (int i = 0; i < inner; i++)
                {
                    sum ^= GF256.Mul(a[(r * inner) + i], b[(i * cols) + c]);
                }

                result[(r * cols) + c] = sum;
            }
        }

        return result;
    }

    /// <summary>
    /// Inverts the n×n matrix by Gauss–Jordan elimination. Returns false when it is singular.
    /// <paramref name="matrix"/> is not modified.
    /// </summary>
    public static bool TryInvert(ReadOnlySpan<byte> matrix, int n, out byte[] inverse)
    {
        var work = matrix[..(n * n)].ToArray();
        inverse = new byte[n * n];
        for (int i = 0; i < n; i++)
        {
            inverse[(i * n) + i] = 1;
        }

        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            while (pivot < n && work[(pivot * n) + col] == 0)
            {
                pivot++;
            }

            if (pivot == n)
            {
                return false;
            }

            if (pivot != col)
            {
                SwapRows(work, n, pivot, col);
                SwapRows(inverse, n, pivot, col);
            }

            byte scale = GF256.Inv(work[(col * n) + col]);
            ScaleRow(work, n, col, scale);
            ScaleRow(inverse, n, col, scale);
            for (int r = 0; r < n; r++)
            {
                byte factor = work[(r * n) + col];
                if (r != col && factor != 0)
                {
                    AddScaledRow(work, n, col, r, factor);
                    AddScaledRow(inverse, n, col, r, factor);
                }
            }
        }

        return true;
    }

    private static void SwapRows(byte[] m, int n, int a, int b)
    {
        for (int c = 0; c < n; c++)
        {
            (m[(a * n) + c], m[(b * n) + c]) = (m[(b * n) + c], m[(a * n) + c]);
        }
    }

    private static void ScaleRow(byte[] m, int n, int row, byte scale)
    {
        for (int c = 0; c < n; c++)
        {
            m[(row * n) + c] = GF256.Mul(m[(row * n) + c], scale);
        }
    }

    private static void AddScaledRow(byte[] m, int n, int source, int target, byte factor)
    {
        for (int c = 0; c < n; c++)
        {
            m[(target * n) + c] ^= GF256.Mul(m[(source * n) + c], factor);
        }
    }
}
