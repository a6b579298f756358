namespace Archive.Codec.Layout;

/// <summary>
/// How an object of any length is cut into stripes of k data blocks. Pure and immutable.
/// <para>Rules (persisted implicitly through the manifest's k and block size, so frozen by tests):</para>
/// <list type="number">
/// <item>A full stripe is k blocks of <see cref="BlockSize"/> bytes taken consecutively from the object:
/// stripe s, block j covers object bytes [s·k·B + j·B, +B).</item>
/// <item>The remainder r (0 &lt; r &lt; k·B) forms one tail stripe whose block length is
/// ceil(r / k) rounded up to <see cref="Alignment"/> — never more than B, so a small object does not pay
/// k full blocks. Tail block j covers [F·k·B + j·T, +T) clipped to the object; the rest is zero padding.</item>
/// <item>Every shard holds one block per stripe, back to back: shard length = F·B + T.
/// An empty object has no stripes and zero-length shards.</item>
/// </list>
/// </summary>
public readonly record struct StripeLayout
{
    /// <summary>Block lengths are multiples of this (the widest kernel vector).</summary>
    public const int Alignment = 64;

    /// <summary>Creates a layout for k data shards and a full-stripe block size.</summary>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 1 or block size not a positive multiple of <see cref="Alignment"/>.</exception>
    public StripeLayout(int dataShards, int blockSize)
    {
        if (dataShards < 1 || dataShards > 254)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(dataShards), "k must be in [1, 254].");
        }

        if (blockSize < Alignment || blockSize % Alignment != 0)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(blockSize), "Block size must be a positive multiple of 64.");
        }

        DataShards = dataShards;
        BlockSize = blockSize;
    }

    /// <summary>k.</summary>
    public int DataShards { get; }

    /// <summary>Block length of full stripes.</summary>
    public int BlockSize { get; }

    /// <summary>Object bytes in one full stripe (k·B).</summary>
    public long StripeDataLength => (long)DataShards * BlockSize;

    /// <summary>Number of full stripes.</summary>
    public long FullStripes(long objectLength) => CheckLength(objectLength) / StripeDataLength;

    /// <summary>Block length of the tail stripe, 0 when the object is a whole number of stripes.</summary>
    public int TailBlockLength(long objectLength)
    {
        long remainder = CheckLength(objectLength) % StripeDataLength;
        if (remainder == 0)
        {
            return 0;
        }

        long perBlock = (remainder + DataShards - 1) / DataShards;
        return (int)((perBlock + Alignment - 1) / Alignment * Alignment);
    }

    /// <summary>Total stripes (full plus tail).</summary>
    public long StripeCount(long objectLength) => FullStripes(objectLength) + (TailBlockLength(objectLength) > 0 ? 1 : 0);

    /// <summary>Length of every shard, data and parity alike.</summary>
    public long ShardLength(long objectLength) => (FullStripes(objectLength) * BlockSize) + TailBlockLength(objectLength);

    /// <summary>Describes stripe <paramref name="stripe"/> of an object of <paramref name="objectLength"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such stripe.</exception>
    public StripeInfo Stripe(long objectLength, long stripe)
    {
        long full = FullStripes(objectLength);
        if (stripe < 0 || stripe >= StripeCount(objectLength))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(stripe), "Stripe index is out of range.");
        }

        int blockLength = stripe < full ? BlockSize : TailBlockLength(objectLength);
        long objectOffset = stripe * StripeDataLength;
        long dataLength = Math.Min(objectLength - objectOffset, (long)DataShards * blockLength);
        return new StripeInfo(stripe, objectOffset, stripe * BlockSize, blockLength, dataLength);
    }

    private static long CheckLength(long objectLength)
    {
        if (objectLength < 0)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(objectLength), "Object length must not be negative.");
        }

        return objectLength;
    }
}
