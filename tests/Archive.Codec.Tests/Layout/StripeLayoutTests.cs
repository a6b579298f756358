using Archive.Codec.Layout;

namespace Archive.Codec.Tests.Layout;

public sealed class StripeLayoutTests
{
    [Theory]
    // k, block, object length, full stripes, tail block, stripes, shard length
    [InlineData(4, 1024, 0, 0, 0, 0, 0)]
    [InlineData(4, 1024, 1, 0, 64, 1, 64)]
    [InlineData(4, 1024, 256, 0, 64, 1, 64)]
    [InlineData(4, 1024, 257, 0, 128, 1, 128)]
    [InlineData(4, 1024, 4096, 1, 0, 1, 1024)]
    [InlineData(4, 1024, 4097, 1, 64, 2, 1088)]
    [InlineData(4, 1024, 8191, 1, 1024, 2, 2048)]
    [InlineData(10, 1048576, 524_288, 0, 52_480, 1, 52_480)]
    [InlineData(10, 1048576, 104_857_600, 10, 0, 10, 10_485_760)]
    [InlineData(10, 65536, 1_000_000_000, 1525, 57_600, 1526, 100_000_000)]
    public void Layout_ObjectLength_GivesStripesAndShardLength(
        int k, int block, long length, long full, int tail, long stripes, long shard)
    {
        var layout = new StripeLayout(k, block);
        Assert.Equal(full, layout.FullStripes(length));
        Assert.Equal(tail, layout.TailBlockLength(length));
        Assert.Equal(stripes, layout.StripeCount(length));
        Assert.Equal(shard, layout.ShardLength(length));
    }

    [Theory]
    [InlineData(4, 1024, 4097)]
    [InlineData(3, 64, 1000)]
    [InlineData(10, 4096, 123_457)]
    [InlineData(1, 64, 63)]
    public void Stripe_AllBlocks_CoverObjectExactlyOnce(int k, int block, long length)
    {
        var layout = new StripeLayout(k, block);
        long covered = 0, shardOffset = 0;
        for (long s = 0; s < layout.StripeCount(length); s++)
        {
            StripeInfo stripe = layout.Stripe(length, s);
            Assert.Equal(shardOffset, stripe.ShardOffset);
            shardOffset += stripe.BlockLength;
            for (int j = 0; j < k; j++)
            {
                int valid = stripe.BlockDataLength(j);
                if (valid > 0)
                {
                    Assert.Equal(covered, stripe.BlockObjectOffset(j));
                }

                covered += valid;
            }
        }

        Assert.Equal(length, covered);
        Assert.Equal(layout.ShardLength(length), shardOffset);
    }

    [Fact]
    public void Stripe_TailPaddingBlocks_HaveNoData()
    {
        var layout = new StripeLayout(10, 1024);
        StripeInfo tail = layout.Stripe(100, 0);
        Assert.Equal(64, tail.BlockLength);
        Assert.Equal(64, tail.BlockDataLength(0));
        Assert.Equal(36, tail.BlockDataLength(1));
        Assert.Equal(0, tail.BlockDataLength(2));
        Assert.Equal(0, tail.BlockDataLength(9));
    }

    [Theory]
    [InlineData(0, 1024)]
    [InlineData(4, 0)]
    [InlineData(4, 100)]
    [InlineData(255, 64)]
    public void Create_InvalidParameters_Throws(int k, int block) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new StripeLayout(k, block));

    [Fact]
    public void Stripe_OutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new StripeLayout(4, 64).Stripe(100, 1));
}
