using Archive.Storage.Records;
using Archive.Storage.Tests.Support;

namespace Archive.Storage.Tests.Records;

public sealed class ShardRecordTests
{
    private static byte[] Record(int shardLength, int blockSize)
    {
        var id = Shards.Id(1);
        var manifest = Shards.Manifest(id, blockSize: blockSize);
        var buffer = new byte[ShardRecordWriter.GetShardRecordLength(manifest, shardLength)];
        ShardRecordWriter.WriteShard(buffer, manifest, 1, Shards.Content(id, 1, shardLength), sequence: 1);
        return buffer;
    }

    [Theory]
    [InlineData(0, 16)]
    [InlineData(1, 16)]
    [InlineData(16, 16)]
    [InlineData(17, 16)]
    [InlineData(1000, 64)]
    public void Record_RoundTrip_PayloadEqualsInput(int length, int blockSize)
    {
        var record = Record(length, blockSize);
        Assert.Equal(RecordStatus.Valid, ShardRecordReader.Verify(record, out var header, out _));
        var payload = new byte[length];
        ShardRecordReader.CopyPayload(record, header, payload);
        Assert.Equal(Shards.Content(Shards.Id(1), 1, length), payload);
    }

    [Fact]
    public void Record_EveryProperPrefix_IsNotValid()
    {
        var record = Record(100, 32);
        for (int n = 0; n < record.Length; n++)
        {
            var status = ShardRecordReader.Verify(record.AsSpan(0, n), out _, out _);
            Assert.True(status == RecordStatus.Truncated, $"prefix {n}: {status}");
        }
    }

    [Fact]
    public void Record_AnySingleBitFlip_IsDetected()
    {
        var record = Record(100, 32);
        for (int i = 0; i < record.Length; i++)
        {
            var copy = (byte[])record.Clone();
            copy[i] ^= (byte)(1 << (i % 8));
            Assert.NotEqual(RecordStatus.Valid, ShardRecordReader.Verify(copy, out _, out _));
        }
    }

    [Fact]
    public void Record_FlippedPayloadBit_ReportsTheBlock()
    {
        var record = Record(100, 32);
        ShardRecordHeader.TryRead(record, out var header);
        long block2 = ShardRecordFormat.HeaderLength + header.ManifestLength + ShardRecordFormat.BlockOffset(32, 2, header.BlockChecksum) + 20;
        record[block2] ^= 0x01;
        Assert.Equal(RecordStatus.CorruptBlock, ShardRecordReader.Verify(record, out _, out int bad));
        Assert.Equal(2, bad);
    }

    [Fact]
    public void Header_ImpossibleLength_IsCorruptNotAllocated()
    {
        var record = Record(10, 16);
        // Rewrite a length to 1 TiB with a valid header checksum: consistency checks must refuse it.
        // v1.0 stored the record length; v1.1 derives it from the shard length.
        ShardRecordHeader.TryRead(record, out var header);
        (header with { RecordLength = 1L << 40, MinorVersion = 0 }).Write(record);
        Assert.Equal(RecordStatus.CorruptHeader, ShardRecordHeader.TryRead(record, out _));
        (header with { ShardLength = 1L << 40 }).Write(record);
        Assert.Equal(RecordStatus.CorruptHeader, ShardRecordHeader.TryRead(record, out _));
    }

    [Fact]
    public void Manifest_RoundTrip_PreservesEveryField()
    {
        var manifest = Shards.Manifest(Shards.Id(9), version: 3, blockSize: 65536);
        Assert.True(ManifestCodec.TryDecode(ManifestCodec.Encode(manifest), out var decoded));
        Assert.Equal(manifest.Attributes, decoded!.Attributes);
        Assert.Equal(manifest with { Attributes = decoded.Attributes }, decoded);
    }

    [Fact]
    public void Manifest_OversizedAttributes_Throws()
    {
        var manifest = Shards.Manifest(Shards.Id(9)) with { Attributes = new byte[ManifestCodec.MaxAttributesLength + 1] };
        Assert.Throws<ArgumentException>(() => ManifestCodec.Encode(manifest));
    }
}
