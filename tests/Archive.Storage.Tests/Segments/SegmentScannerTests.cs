using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Segments;
using Archive.Storage.Tests.Support;

namespace Archive.Storage.Tests.Segments;

public sealed class SegmentScannerTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private static readonly DiskId Disk = DiskId.New();

    private (string Path, List<long> Boundaries) WriteSegment(int records)
    {
        string path = _temp.Sub("seg.aseg");
        using var file = File.Create(path);
        file.Write(new SegmentHeader(Disk, 1, DateTimeOffset.UnixEpoch).Encode());
        var boundaries = new List<long> { file.Position };
        for (int i = 0; i < records; i++)
        {
            var write = Shards.Write(i, shard: 0, length: 300 + (i * 97), blockSize: 128);
            var buffer = new byte[ShardRecordWriter.GetShardRecordLength(write.Manifest, write.Data.Length)];
            ShardRecordWriter.WriteShard(buffer, write.Manifest, 0, write.Data.Span, sequence: (ulong)(10 + i));
            file.Write(buffer);
            if (i == 1)
            {
                var tombstone = new byte[ShardRecordFormat.TombstoneLength];
                ShardRecordWriter.WriteTombstone(tombstone, write.Key, sequence: 1000);
                boundaries.Add(file.Position);
                file.Write(tombstone);
            }

            boundaries.Add(file.Position);
        }

        return (path, boundaries);
    }

    [Fact]
    public void Scan_EveryTruncationPoint_StopsAtTheLastWholeRecord()
    {
        var (path, boundaries) = WriteSegment(3);
        var full = File.ReadAllBytes(path);
        for (int length = SegmentHeader.Length; length <= full.Length; length++)
        {
            File.WriteAllBytes(path, full[..length]);
            var result = SegmentScanner.Scan(path, Disk, 0, null);
            long expected = boundaries.Last(b => b <= length);
            Assert.True(expected == result.ValidLength, $"length {length}: valid {result.ValidLength}, expected {expected}");
            Assert.Equal(length > expected, result.HasInvalidTail);
            Assert.Equal(boundaries.IndexOf(expected), result.Records);
        }
    }

    [Fact]
    public void Scan_GarbageAfterRecords_StopsThere()
    {
        var (path, boundaries) = WriteSegment(2);
        File.AppendAllText(path, new string('x', 500));
        var result = SegmentScanner.Scan(path, Disk, 0, null);
        Assert.Equal((boundaries[^1], RecordStatus.BadMagic), (result.ValidLength, result.StopStatus));
    }

    [Fact]
    public void Scan_SegmentOfAnotherDisk_IsRejected()
    {
        var (path, _) = WriteSegment(1);
        Assert.False(SegmentScanner.Scan(path, DiskId.New(), 0, null).HeaderValid);
    }

    public void Dispose() => _temp.Dispose();
}
