using Archive.Codec.Galois;
using Archive.Codec.Kernels;

namespace Archive.Codec.ReedSolomon;

/// <summary>
/// How to rebuild the shards missing in one erasure pattern: which k surviving shards to read and the
/// (missing × k) matrix that maps them straight to every missing shard, data or parity, in one pass.
/// Immutable; cached per pattern and shared between threads.
/// </summary>
internal sealed class DecodePlan
{
    private DecodePlan(int[] inputs, int[] outputs, PreparedMatrix? matrix)
    {
        Inputs = inputs;
        Outputs = outputs;
        Matrix = matrix;
    }

    /// <summary>Shard indices read, ascending (data shards are preferred because they come first).</summary>
    public int[] Inputs { get; }

    /// <summary>Shard indices rebuilt, ascending.</summary>
    public int[] Outputs { get; }

    /// <summary>Null when nothing needs rebuilding.</summary>
    public PreparedMatrix? Matrix { get; }

    public static DecodePlan Build(int k, int m, byte[] parityRows, ReadOnlySpan<bool> present, bool dataOnly, GfKernel kernel)
    {
        int n = k + m;
        var inputs = new int[k];
        int found = 0;
        for (int i = 0; i < n && found < k; i++)
        {
            if (present[i])
            {
                inputs[found++] = i;
            }
        }

        var outputs = new List<int>();
        for (int i = 0; i < (dataOnly ? k : n); i++)
        {
            if (!present[i])
            {
                outputs.Add(i);
            }
        }

        if (outputs.Count == 0)
        {
            return new DecodePlan(inputs, [], null);
        }

        // Rows of the systematic generator for the shards we read, then invert: data = inv × inputs.
        var sub = new byte[k * k];
        for (int r = 0; r < k; r++)
        {
            int shard = inputs[r];
            if (shard < k)
            {
                sub[(r * k) + shard] = 1;
            }
            else
            {
                parityRows.AsSpan((shard - k) * k, k).CopyTo(sub.AsSpan(r * k, k));
            }
        }

        if (!GfMatrix.TryInvert(sub, k, out byte[] inverse))
        {
            ThrowHelper.InvalidData("Encoding matrix has a singular submatrix; the code is not MDS.");
        }

        var rows = new byte[outputs.Count * k];
        for (int o = 0; o < outputs.Count; o++)
        {
            int shard = outputs[o];
            byte[] row = shard < k
                ? inverse.AsSpan(shard * k, k).ToArray()
                : GfMatrix.Multiply(parityRows.AsSpan((shard - k) * k, k), 1, k, inverse, k);
            row.CopyTo(rows, o * k);
        }

        return new DecodePlan(inputs, [.. outputs], kernel.Prepare(rows, outputs.Count, k));
    }
}
