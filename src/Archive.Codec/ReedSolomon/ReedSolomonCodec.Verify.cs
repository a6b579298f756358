namespace Archive.Codec.ReedSolomon;

public sealed unsafe partial class ReedSolomonCodec
{
    private const int VerifyScratchBytes = 16 * 1024;

    /// <summary>
    /// True when the m parity shards in <paramref name="shards"/> (k+m shards of
    /// <paramref name="shardLength"/> bytes, contiguous) are exactly those the data encodes to.
    /// Recomputes parity in small chunks on the stack; allocation-free.
    /// </summary>
    public bool VerifyParity(ReadOnlySpan<byte> shards, int shardLength)
    {
        CheckContiguous(shards.Length, TotalShards, shardLength, nameof(shards));
        fixed (byte* s = shards)
        {
            byte** all = stackalloc byte*[TotalShards];
            Stride(s, shardLength, all, TotalShards);
            return VerifyCore(all, shardLength);
        }
    }

    /// <summary>True when the parity shards match the data shards (k+m buffers of one length).</summary>
    public bool VerifyParity(ReadOnlySpan<ReadOnlyMemory<byte>> shards)
    {
        if (shards.Length != TotalShards)
        {
            ThrowHelper.Argument(nameof(shards), "Expected k + m shard buffers.");
        }

        int length = shards[0].Length;
        PinnedShards pins = default;
        byte** all = stackalloc byte*[TotalShards];
        try
        {
            for (int i = 0; i < TotalShards; i++)
            {
                CheckLength(shards[i].Length, length, nameof(shards));
                pins[i] = shards[i].Pin();
                all[i] = (byte*)pins[i].Pointer;
            }

            return VerifyCore(all, length);
        }
        finally
        {
            pins.DisposeFirst(TotalShards);
        }
    }

    private bool VerifyCore(byte** all, int length)
    {
        int chunk = Math.Max(64, (VerifyScratchBytes / ParityShards) & ~63);
        byte* scratch = stackalloc byte[chunk * ParityShards];
        byte** inputs = stackalloc byte*[DataShards];
        byte** outputs = stackalloc byte*[ParityShards];
        for (int i = 0; i < ParityShards; i++)
        {
            outputs[i] = scratch + (i * chunk);
        }

        for (int start = 0; start < length; start += chunk)
        {
            int n = Math.Min(chunk, length - start);
            for (int i = 0; i < DataShards; i++)
            {
                inputs[i] = all[i] + start;
            }

            Kernel.Multiply(_encode, inputs, outputs, n);
            for (int i = 0; i < ParityShards; i++)
            {
                if (!new ReadOnlySpan<byte>(outputs[i], n).SequenceEqual(new ReadOnlySpan<byte>(all[DataShards + i] + start, n)))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
