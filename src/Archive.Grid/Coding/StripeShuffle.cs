using Archive.Codec.Layout;

namespace Archive.Grid.Coding;

/// <summary>
/// Moves bytes between an object's order and its data shards' order (DESIGN.md §4): stripe s
/// holds blocks s·k … s·k+k−1 of the object, block j of a stripe lives in data shard j. Short
/// tail blocks are zero-padded in the shards and cut again on the way back.
/// </summary>
public static class StripeShuffle
{
    /// <summary>Fills data shards 0..k-1 of <paramref name="shards"/> from <paramref name="source"/>.</summary>
    public static void Scatter(ReadOnlySpan<byte> source, StripeLayout layout, ShardSet shards)
    {
        long length = source.Length;
        for (long s = 0; s < layout.StripeCount(length); s++)
        {
            var stripe = layout.Stripe(length, s);
            for (var j = 0; j < layout.DataShards; j++)
            {
                var target = shards.Shard(j).Span.Slice((int)stripe.ShardOffset, stripe.BlockLength);
                var count = stripe.BlockDataLength(j);
                if (count > 0)
                {
                    source.Slice((int)stripe.BlockObjectOffset(j), count).CopyTo(target);
                }

                target[count..].Clear();
            }
        }
    }

    /// <summary>Writes the object bytes held by data shards 0..k-1 into <paramref name="destination"/> (its length is the object's).</summary>
    public static void Gather(ShardSet shards, StripeLayout layout, Span<byte> destination)
    {
        long length = destination.Length;
        for (long s = 0; s < layout.StripeCount(length); s++)
        {
            var stripe = layout.Stripe(length, s);
            for (var j = 0; j < layout.DataShards; j++)
            {
                var count = stripe.BlockDataLength(j);
                if (count == 0)
                {
                    continue;
                }

                shards.Shard(j).Span.Slice((int)stripe.ShardOffset, count).CopyTo(destination.Slice((int)stripe.BlockObjectOffset(j), count));
            }
        }
    }
}
