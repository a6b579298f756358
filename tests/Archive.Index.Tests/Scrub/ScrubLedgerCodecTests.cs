using Archive.Grid.Scrub;
using Archive.Index.Scrub;
using Archive.Storage.Primitives;

namespace Archive.Index.Tests.Scrub;

/// <summary>The scrub column family's persisted shapes, frozen, and the ledger over a real RocksDB.</summary>
public sealed class ScrubLedgerCodecTests : IDisposable
{
    private static readonly DiskId Disk = new(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"));
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "scrub-ledger-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void DiskState_Golden_EncodingIsFrozen()
    {
        var state = new DiskScrubState(DateTimeOffset.FromUnixTimeMilliseconds(1_000), 7, 4096, null, DateTimeOffset.FromUnixTimeMilliseconds(2_000), 1 << 20, 3, 1, 12);

        var bytes = ScrubLedgerCodec.EncodeDisk(state);

        Assert.Equal(
            "01" + "00000000000003e8" + "0000000000000007" + "0000000000001000" + "8000000000000000" + "00000000000007d0"
            + "0000000000100000" + "0000000000000003" + "0000000000000000" + "00000001" + "0000000c",
            Convert.ToHexStringLower(bytes));
        Assert.True(ScrubLedgerCodec.TryDecodeDisk(bytes, out var back));
        Assert.Equal(state, back);
    }

    [Fact]
    public void Keys_Golden_PrefixesAndOrderAreFrozen()
    {
        var shard = new ShardKey(new ObjectKey(new ObjectId(1, 2), 3), 4);

        Assert.Equal("6400112233445566778899aabbccddeeff", Convert.ToHexStringLower(ScrubLedgerCodec.DiskKey(Disk)));
        Assert.Equal("7300112233445566778899aabbccddeeff0000000000000009", Convert.ToHexStringLower(ScrubLedgerCodec.SegmentKey(Disk, 9)));
        Assert.Equal("76" + "0000000000000001" + "0000000000000002" + "00000003" + "0004", Convert.ToHexStringLower(ScrubLedgerCodec.VerifiedKey(shard)));
    }

    [Fact]
    public void Decode_UnknownVersionOrLength_ReadsAsAbsent()
    {
        var bytes = ScrubLedgerCodec.EncodeDisk(DiskScrubState.Initial);
        bytes[0] = 2;
        Assert.False(ScrubLedgerCodec.TryDecodeDisk(bytes, out _));
        Assert.False(ScrubLedgerCodec.TryDecodeSegment(new byte[3], out _));
    }

    [Fact]
    public void Ledger_ReopenedDatabase_KeepsDiskStateSegmentsAndOldestVerification()
    {
        var key = new ObjectKey(new ObjectId(5, 6), 1);
        var state = DiskScrubState.Initial with { PassStartedAt = DateTimeOffset.FromUnixTimeMilliseconds(5_000), SegmentId = 3, Offset = 777 };
        using (var db = GridDatabase.Open(_directory))
        {
            var ledger = new RocksScrubLedger(db);
            ledger.SaveDisk(Disk, state);
            ledger.RecordSegment(Disk, 2, new SegmentScrubResult(2, DateTimeOffset.FromUnixTimeMilliseconds(4_000), 10, 1));
            ledger.RecordVerified([new ShardKey(key, 0), new ShardKey(key, 1)], DateTimeOffset.FromUnixTimeMilliseconds(9_000));
            ledger.RecordVerified([new ShardKey(key, 0)], DateTimeOffset.FromUnixTimeMilliseconds(12_000));
        }

        using (var db = GridDatabase.Open(_directory))
        {
            var ledger = new RocksScrubLedger(db);
            Assert.Equal(state, ledger.LoadDisk(Disk));
            Assert.Equal([new SegmentScrubResult(2, DateTimeOffset.FromUnixTimeMilliseconds(4_000), 10, 1)], ledger.Segments(Disk));
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(9_000), ledger.LastVerified(key));
            Assert.Null(ledger.LastVerified(new ObjectKey(new ObjectId(5, 6), 2)));
            Assert.Equal(DiskScrubState.Initial, ledger.LoadDisk(new DiskId(Guid.NewGuid())));
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
