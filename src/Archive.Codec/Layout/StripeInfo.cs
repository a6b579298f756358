namespace Archive.Codec.Layout;

/// <summary>One stripe of an object's layout (see <see cref="StripeLayout"/>).</summary>
/// <param name="Index">Stripe number, from 0.</param>
/// <param name="ObjectOffset">Object offset of the stripe's first data byte.</param>
/// <param name="ShardOffset">Offset of this stripe's block within every shard.</param>
/// <param name="BlockLength">Length of each of the stripe's k + m blocks.</param>
/// <param name="DataLength">Object bytes in the stripe (≤ k·BlockLength; the rest is zero padding).</param>
public readonly record struct StripeInfo(long Index, long ObjectOffset, long ShardOffset, int BlockLength, long DataLength)
{
    /// <summary>Object bytes in data block <paramref name="block"/> (0 for a pure-padding block).</summary>
    public int BlockDataLength(int block) =>
        (int)Math.Clamp(DataLength - ((long)block * BlockLength), 0, BlockLength);

    /// <summary>Object offset where data block <paramref name="block"/> starts.</summary>
    public long BlockObjectOffset(int block) => ObjectOffset + ((long)block * BlockLength);
}
