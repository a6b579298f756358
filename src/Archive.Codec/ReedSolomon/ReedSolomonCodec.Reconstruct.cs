using Archive.Codec.Kernels;

namespace Archive.Codec.ReedSolomon;

public sealed unsafe partial class ReedSolomonCodec
{
    /// <summary>
    /// Rebuilds, in place, every shard whose <paramref name="present"/> flag is false, from the first k
    /// present ones (data shards preferred). <paramref name="shards"/> holds all k+m shards of
    /// <paramref name="shardLength"/> bytes back to back; the contents of missing slots are ignored.
    /// Returns false, writing nothing, when fewer than k shards are present.
    /// </summary>
    /// <param name="shards">All k+m shards, contiguous.</param>
    /// <param name="shardLength">Length of each shard.</param>
    /// <param name="present">One flag per shard.</param>
    /// <param name="dataOnly">Rebuild only missing data shards (a read), not missing parity (a repair).</param>
    public bool TryReconstruct(Span<byte> shards, int shardLength, ReadOnlySpan<bool> present, bool dataOnly = false)
    {
        CheckContiguous(shards.Length, TotalShards, shardLength, nameof(shards));
        if (!TryGetPlan(present, dataOnly, out DecodePlan? plan))
        {
            return false;
        }

        if (plan.Matrix is null || shardLength == 0)
        {
            return true;
        }

        byte** inputs = stackalloc byte*[plan.Inputs.Length];
        byte** outputs = stackalloc byte*[plan.Outputs.Length];
        fixed (byte* s = shards)
        {
            for (int i = 0; i < plan.Inputs.Length; i++)
            {
                inputs[i] = s + ((long)plan.Inputs[i] * shardLength);
            }

            for (int i = 0; i < plan.Outputs.Length; i++)
            {
                outputs[i] = s + ((long)plan.Outputs[i] * shardLength);
            }

            Kernel.Multiply(plan.Matrix, inputs, outputs, shardLength);
        }

        return true;
    }

    /// <summary>
    /// Rebuilds, in place, every shard whose <paramref name="present"/> flag is false. Every slot must be a
    /// buffer of the common shard length (missing ones are overwritten). Returns false, writing nothing,
    /// when fewer than k shards are present.
    /// </summary>
    public bool TryReconstruct(ReadOnlySpan<Memory<byte>> shards, ReadOnlySpan<bool> present, bool dataOnly = false)
    {
        if (shards.Length != TotalShards)
        {
            ThrowHelper.Argument(nameof(shards), "Expected k + m shard buffers.");
        }

        int length = shards[0].Length;
        for (int i = 0; i < shards.Length; i++)
        {
            CheckLength(shards[i].Length, length, nameof(shards));
        }

        if (!TryGetPlan(present, dataOnly, out DecodePlan? plan))
        {
            return false;
        }

        if (plan.Matrix is null || length == 0)
        {
            return true;
        }

        int ni = plan.Inputs.Length, no = plan.Outputs.Length;
        PinnedShards pins = default;
        byte** inputs = stackalloc byte*[ni];
        byte** outputs = stackalloc byte*[no];
        try
        {
            for (int i = 0; i < ni; i++)
            {
                pins[i] = shards[plan.Inputs[i]].Pin();
                inputs[i] = (byte*)pins[i].Pointer;
            }

            for (int i = 0; i < no; i++)
            {
                pins[ni + i] = shards[plan.Outputs[i]].Pin();
                outputs[i] = (byte*)pins[ni + i].Pointer;
            }

            Kernel.Multiply(plan.Matrix, inputs, outputs, length);
        }
        finally
        {
            pins.DisposeFirst(ni + no);
        }

        return true;
    }

    private bool TryGetPlan(ReadOnlySpan<bool> present, bool dataOnly, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DecodePlan? plan)
    {
        if (present.Length != TotalShards)
        {
            ThrowHelper.Argument(nameof(present), "Expected one presence flag per shard.");
        }

        int count = 0;
        foreach (bool p in present)
        {
            count += p ? 1 : 0;
        }

        if (count < DataShards)
        {
            plan = null;
            return false;
        }

        var key = ErasureKey.From(present, dataOnly);
        if (!_plans.TryGet(key, out plan))
        {
            plan = DecodePlan.Build(DataShards, ParityShards, _parityRows, present, dataOnly, Kernel);
            _plans.Add(key, plan);
        }

        return true;
    }
}
