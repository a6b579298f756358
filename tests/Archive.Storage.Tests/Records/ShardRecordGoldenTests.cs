using Archive.Codec.Fixity;
using Archive.Codec.Framing;
using Archive.Storage.Disks;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Segments;

namespace Archive.Storage.Tests.Records;

/// <summary>
/// Freezes the persisted formats (STYLE.md §7). If one of these fails, the format changed: bump the
/// minor (additive) or major version and keep a reader for the old one; never edit the fixture to pass.
/// </summary>
public sealed class ShardRecordGoldenTests
{
    internal static readonly ObjectManifest GoldenManifest = new(
        new ObjectKey(new ObjectId(0x0123456789ABCDEF, 0xFEDCBA9876543210), 7),
        20,
        new Sha256Digest(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()),
        "ec-4-2",
        4,
        2,
        8,
        ChecksumAlgorithm.XxHash3_64,
        DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123),
        [0xCA, 0xFE]);

    internal static readonly byte[] GoldenShard = Enumerable.Range(0, 20).Select(i => (byte)(0xA0 + i)).ToArray();

    internal const ulong GoldenSequence = 0x0102030405060708;

    private const string RecordV11Hex =
        "41534852010101010123456789ABCDEFFEDCBA98765432100700000003000402"
        + "08000000030000001400000000000000080706050403020160000000AA4376DB"
        + "414D414E010004020123456789ABCDEFFEDCBA98765432100700000008000000"
        + "1400000000000000000102030405060708090A0B0C0D0E0F1011121314151617"
        + "18191A1B1C1D1E1F010600007B68E5CF8B0100000200000065632D342D32CAFE"
        + "41424C4B010001000800000000000000A0A1A2A3A4A5A6A7BC749424279348CE"
        + "41424C4B010001000800000001000000A8A9AAABACADAEAF4D60834525C30148"
        + "41424C4B010001000400000002000000B0B1B2B3C3C07903D1BB7C9A41535254"
        + "00000000B1D1DAC2DAA552E7";

    private const string TombstoneV11Hex =
        "41534852010102010123456789ABCDEFFEDCBA98765432100700000003000000"
        + "00000000000000000000000000000000080706050403020100000000BB615E8D"
        + "415352540000000077B30CFCE7BFEEDC";

    // v1.0 (record length at bytes 48–55, no sequence): no longer written, still read.
    private const string RecordV10Hex =
        "41534852010001010123456789ABCDEFFEDCBA98765432100700000003000402"
        + "080000000300000014000000000000000C010000000000006000000076DB8F61"
        + "414D414E010004020123456789ABCDEFFEDCBA98765432100700000008000000"
        + "1400000000000000000102030405060708090A0B0C0D0E0F1011121314151617"
        + "18191A1B1C1D1E1F010600007B68E5CF8B0100000200000065632D342D32CAFE"
        + "41424C4B010001000800000000000000A0A1A2A3A4A5A6A7BC749424279348CE"
        + "41424C4B010001000800000001000000A8A9AAABACADAEAF4D60834525C30148"
        + "41424C4B010001000400000002000000B0B1B2B3C3C07903D1BB7C9A41535254"
        + "0000000090A1DEF40573BF17";

    private const string TombstoneV10Hex =
        "41534852010002010123456789ABCDEFFEDCBA98765432100700000003000000"
        + "000000000000000000000000000000005000000000000000000000009346182D"
        + "4153525400000000C49B961798DDCF22";

    private const string LabelHex =
        "415243484449534B010000000000000033221100554477668899AABBCCDDEEFF"
        + "CCDDEEFFAABB889977665544332211000068E5CF8B010000AE745E168EC8D1AA";

    private const string SegmentHeaderHex =
        "415345474D454E54010000000000000033221100554477668899AABBCCDDEEFF"
        + "2A000000000000000068E5CF8B0100000000000000000000C654743AE7C2C3A8";

    [Fact]
    public void ShardRecord_V1_1_MatchesGoldenBytes()
    {
        var buffer = new byte[ShardRecordWriter.GetShardRecordLength(GoldenManifest, GoldenShard.Length)];
        ShardRecordWriter.WriteShard(buffer, GoldenManifest, 3, GoldenShard, GoldenSequence);
        Assert.Equal(RecordV11Hex, Convert.ToHexString(buffer));
    }

    [Fact]
    public void ShardRecord_V1_1_GoldenBytes_DecodeWithSequenceAndDerivedLength()
    {
        var bytes = Convert.FromHexString(RecordV11Hex);
        Assert.Equal(RecordStatus.Valid, ShardRecordReader.Verify(bytes, out var header, out _));
        Assert.Equal((GoldenSequence, (byte)1, (long)bytes.Length), (header.Sequence, header.MinorVersion, header.RecordLength));
        AssertGoldenFields(bytes, header);
    }

    [Fact]
    public void ShardRecord_V1_0_GoldenBytes_StillDecode_WithoutSequence()
    {
        var bytes = Convert.FromHexString(RecordV10Hex);
        Assert.Equal(RecordStatus.Valid, ShardRecordReader.Verify(bytes, out var header, out _));
        Assert.Equal((0UL, (byte)0, (long)bytes.Length), (header.Sequence, header.MinorVersion, header.RecordLength));
        AssertGoldenFields(bytes, header);
    }

    [Fact]
    public void ShardRecordHeader_WrittenAsV1_0_GivesTheV1_0Bytes()
    {
        var bytes = Convert.FromHexString(RecordV10Hex);
        ShardRecordReader.Verify(bytes, out var header, out _);
        var rewritten = new byte[ShardRecordFormat.HeaderLength];
        header.Write(rewritten);
        Assert.Equal(RecordV10Hex[..(2 * ShardRecordFormat.HeaderLength)], Convert.ToHexString(rewritten));
    }

    [Fact]
    public void Tombstone_V1_1_MatchesGoldenBytes()
    {
        var buffer = new byte[ShardRecordFormat.TombstoneLength];
        ShardRecordWriter.WriteTombstone(buffer, new ShardKey(GoldenManifest.Key, 3), GoldenSequence);
        Assert.Equal(TombstoneV11Hex, Convert.ToHexString(buffer));
    }

    [Theory]
    [InlineData(TombstoneV10Hex, 0UL)]
    [InlineData(TombstoneV11Hex, GoldenSequence)]
    public void Tombstone_GoldenBytes_Decode(string hex, ulong sequence)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.Equal(RecordStatus.Valid, ShardRecordReader.Verify(bytes, out var header, out _));
        Assert.Equal((RecordKind.Tombstone, new ShardKey(GoldenManifest.Key, 3), sequence, (long)ShardRecordFormat.TombstoneLength),
            (header.Kind, header.Key, header.Sequence, header.RecordLength));
    }

    private static void AssertGoldenFields(byte[] bytes, ShardRecordHeader header)
    {
        Assert.Equal(new ShardKey(GoldenManifest.Key, 3), header.Key);
        Assert.Equal((4, 2, 8, 3, 20L), (header.K, header.M, header.BlockSize, header.BlockCount, header.ShardLength));
        Assert.True(ManifestCodec.TryDecode(ShardRecordReader.ManifestBytes(bytes, header), out var manifest));
        Assert.Equal(GoldenManifest with { Attributes = manifest!.Attributes }, manifest);
        Assert.Equal(GoldenManifest.Attributes, manifest.Attributes);
        var payload = new byte[20];
        ShardRecordReader.CopyPayload(bytes, header, payload);
        Assert.Equal(GoldenShard, payload);
    }

    [Fact]
    public void DiskLabel_V1_MatchesGoldenBytes()
    {
        var label = new DiskLabel(new DiskId(new Guid("00112233-4455-6677-8899-aabbccddeeff")), new NodeId(new Guid("ffeeddcc-bbaa-9988-7766-554433221100")),
            1, 0, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        Assert.Equal(LabelHex, Convert.ToHexString(DiskLabelCodec.Encode(label)));
        Assert.Equal(DiskRefusalReason.None, DiskLabelCodec.TryDecode(Convert.FromHexString(LabelHex), out var decoded));
        Assert.Equal(label, decoded);
    }

    [Fact]
    public void SegmentHeader_V1_MatchesGoldenBytes()
    {
        var header = new SegmentHeader(new DiskId(new Guid("00112233-4455-6677-8899-aabbccddeeff")), 42, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        Assert.Equal(SegmentHeaderHex, Convert.ToHexString(header.Encode()));
        Assert.True(SegmentHeader.TryDecode(Convert.FromHexString(SegmentHeaderHex), out var decoded));
        Assert.Equal(header, decoded);
    }

    [Fact]
    public void PersistedEnums_KeepTheirNumbers()
    {
        Assert.Equal(1, (int)RecordKind.Shard);
        Assert.Equal(2, (int)RecordKind.Tombstone);
        Assert.Equal(1, (int)Storage.Indexing.ShardState.Live);
        Assert.Equal(2, (int)Storage.Indexing.ShardState.Corrupt);
        Assert.Equal(3, (int)Storage.Indexing.ShardState.Missing);
        Assert.Equal(1, (int)ChecksumAlgorithm.XxHash3_64);
    }
}
