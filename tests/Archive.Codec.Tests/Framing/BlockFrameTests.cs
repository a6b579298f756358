using Archive.Codec.Framing;

namespace Archive.Codec.Tests.Framing;

public sealed class BlockFrameTests
{
    private static readonly byte[] Hello = "hello, archive"u8.ToArray();

    // Golden frames: these bytes are the persisted format v1.0 and must never change.
    private const string GoldenXxHash3 =
        "41424c4b01000100" + "0e000000" + "07000000" + "68656c6c6f2c2061726368697665" + "00a4b3c7cecc7d9e";
    private const string GoldenXxHash128 =
        "41424c4b01000200" + "0e000000" + "07000000" + "68656c6c6f2c2061726368697665" + "9cbd549071b37246ccb8520f61a41a9c";

    [Fact]
    public void ChecksumAlgorithm_PersistedValues_AreFrozen()
    {
        Assert.Equal(1, (byte)ChecksumAlgorithm.XxHash3_64);
        Assert.Equal(2, (byte)ChecksumAlgorithm.XxHash128);
        Assert.Equal(2, Enum.GetValues<ChecksumAlgorithm>().Length);
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.XxHash3_64, GoldenXxHash3)]
    [InlineData(ChecksumAlgorithm.XxHash128, GoldenXxHash128)]
    public void Write_KnownPayload_MatchesGoldenBytes(ChecksumAlgorithm algorithm, string golden)
    {
        var frame = new byte[BlockFrame.FramedLength(Hello.Length, algorithm)];
        int written = BlockFrame.Write(frame, Hello, 7, algorithm);
        Assert.Equal(frame.Length, written);
        Assert.Equal(golden, Convert.ToHexStringLower(frame));
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.XxHash3_64, GoldenXxHash3)]
    [InlineData(ChecksumAlgorithm.XxHash128, GoldenXxHash128)]
    public void TryVerify_GoldenBytes_IsValidWithHeaderFields(ChecksumAlgorithm algorithm, string golden)
    {
        byte[] frame = Convert.FromHexString(golden);
        BlockFrameInfo info = BlockFrame.TryVerify(frame);
        Assert.Equal(BlockFrameStatus.Valid, info.Status);
        Assert.Equal(algorithm, info.Algorithm);
        Assert.Equal(7u, info.BlockIndex);
        Assert.Equal(Hello, info.Payload(frame).ToArray());
        Assert.Equal(frame.Length, info.FrameLength);
    }

    [Fact]
    public void FramedLength_ByAlgorithm_AddsHeaderAndChecksum()
    {
        Assert.Equal(16 + 100 + 8, BlockFrame.FramedLength(100, ChecksumAlgorithm.XxHash3_64));
        Assert.Equal(16 + 100 + 16, BlockFrame.FramedLength(100, ChecksumAlgorithm.XxHash128));
        Assert.Equal(24, BlockFrame.FramedLength(0));
    }

    [Fact]
    public void TryVerify_EveryFlippedBit_IsDetected()
    {
        var frame = new byte[BlockFrame.FramedLength(Hello.Length)];
        BlockFrame.Write(frame, Hello, 3);
        for (int bit = 0; bit < frame.Length * 8; bit++)
        {
            frame[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(BlockFrameStatus.Valid, BlockFrame.TryVerify(frame).Status);
            frame[bit / 8] ^= (byte)(1 << (bit % 8));
        }

        Assert.Equal(BlockFrameStatus.Valid, BlockFrame.TryVerify(frame).Status);
    }

    [Fact]
    public void TryVerify_EveryPrefix_IsTruncatedAndNeverThrows()
    {
        var frame = new byte[BlockFrame.FramedLength(Hello.Length)];
        BlockFrame.Write(frame, Hello, 3);
        for (int n = 0; n < frame.Length; n++)
        {
            Assert.Equal(BlockFrameStatus.Truncated, BlockFrame.TryVerify(frame.AsSpan(0, n)).Status);
        }
    }

    [Fact]
    public void TryVerify_TrailingBytes_AreIgnored()
    {
        var buffer = new byte[BlockFrame.FramedLength(Hello.Length) + 10];
        BlockFrame.Write(buffer, Hello, 3);
        Assert.True(BlockFrame.TryVerify(buffer).IsValid);
    }

    [Theory]
    [InlineData(0, 0x00, BlockFrameStatus.BadMagic)]
    [InlineData(4, 0x02, BlockFrameStatus.UnsupportedVersion)]
    [InlineData(6, 0x09, BlockFrameStatus.UnknownAlgorithm)]
    [InlineData(7, 0x01, BlockFrameStatus.MalformedHeader)]
    [InlineData(11, 0x7F, BlockFrameStatus.MalformedHeader)]
    [InlineData(5, 0x07, BlockFrameStatus.ChecksumMismatch)]
    public void TryVerify_DamagedHeader_ReportsReason(int offset, byte value, BlockFrameStatus expected)
    {
        var frame = new byte[BlockFrame.FramedLength(Hello.Length)];
        BlockFrame.Write(frame, Hello, 3);
        frame[offset] = value;
        Assert.Equal(expected, BlockFrame.TryVerify(frame).Status);
    }

    [Fact]
    public void TryVerify_LengthAboveCallerLimit_IsMalformed()
    {
        var frame = new byte[BlockFrame.FramedLength(Hello.Length)];
        BlockFrame.Write(frame, Hello, 3);
        Assert.Equal(BlockFrameStatus.MalformedHeader, BlockFrame.TryVerify(frame, maxPayloadLength: 4).Status);
    }

    [Fact]
    public void Seal_PayloadInPlace_EqualsWrite()
    {
        var a = new byte[BlockFrame.FramedLength(Hello.Length)];
        var b = new byte[a.Length];
        BlockFrame.Write(a, Hello, 9);
        Hello.CopyTo(b, BlockFrame.HeaderLength);
        BlockFrame.Seal(b, Hello.Length, 9);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Write_DestinationTooShort_Throws()
    {
        var frame = new byte[BlockFrame.FramedLength(Hello.Length) - 1];
        Assert.Throws<ArgumentException>(() => BlockFrame.Write(frame, Hello, 0));
    }
}
