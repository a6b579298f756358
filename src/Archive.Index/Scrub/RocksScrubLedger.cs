using System.Buffers.Binary;
using Archive.Grid.Scrub;
using Archive.Storage.Primitives;
using RocksDbSharp;

namespace Archive.Index.Scrub;

/// <summary>
/// The scrub ledger in the <c>scrub</c> column family of the <see cref="GridDatabase"/>
/// (<see cref="ScrubLedgerCodec"/> for keys and values). Disk positions are synced writes; segment
/// results and verification times are not (a power cut loses at most what the next pass rewrites).
/// Thread-safe (RocksDB is); does not own the database.
/// </summary>
public sealed class RocksScrubLedger(GridDatabase database) : IScrubLedger
{
    private readonly GridDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc />
    public DiskScrubState LoadDisk(DiskId disk)
    {
        var value = _database.Db.Get(ScrubLedgerCodec.DiskKey(disk), _database.Scrub);
        return value is not null && ScrubLedgerCodec.TryDecodeDisk(value, out var state) ? state : DiskScrubState.Initial;
    }

    /// <inheritdoc />
    public void SaveDisk(DiskId disk, DiskScrubState state) =>
        _database.Db.Put(ScrubLedgerCodec.DiskKey(disk), ScrubLedgerCodec.EncodeDisk(state), _database.Scrub, _database.Durable);

    /// <inheritdoc />
    public void RecordSegment(DiskId disk, ulong segmentId, SegmentScrubResult result) =>
        _database.Db.Put(ScrubLedgerCodec.SegmentKey(disk, segmentId), ScrubLedgerCodec.EncodeSegment(result), _database.Scrub);

    /// <inheritdoc />
    public IReadOnlyList<SegmentScrubResult> Segments(DiskId disk)
    {
        var prefix = ScrubLedgerCodec.SegmentPrefix(disk);
        var results = new List<SegmentScrubResult>();
        using var iterator = _database.Db.NewIterator(_database.Scrub);
        for (iterator.Seek(prefix); iterator.ValidOrThrow() && iterator.Key().AsSpan().StartsWith(prefix); iterator.Next())
        {
            if (ScrubLedgerCodec.TryDecodeSegment(iterator.Value(), out var result))
            {
                results.Add(result);
            }
        }

        return results;
    }

    /// <inheritdoc />
    public void RecordVerified(IReadOnlyList<ShardKey> shards, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var value = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(value, at.ToUnixTimeMilliseconds());
        using var batch = new WriteBatch();
        foreach (var shard in shards)
        {
            batch.Put(ScrubLedgerCodec.VerifiedKey(shard), value, _database.Scrub);
        }

        _database.Db.Write(batch);
    }

    /// <inheritdoc />
    public DateTimeOffset? LastVerified(ObjectKey key)
    {
        var prefix = ScrubLedgerCodec.VerifiedPrefix(key);
        long? oldest = null;
        using var iterator = _database.Db.NewIterator(_database.Scrub);
        for (iterator.Seek(prefix); iterator.ValidOrThrow() && iterator.Key().AsSpan().StartsWith(prefix); iterator.Next())
        {
            var value = iterator.Value();
            if (value.Length == 8)
            {
                var ms = BinaryPrimitives.ReadInt64BigEndian(value);
                oldest = oldest is { } o ? Math.Min(o, ms) : ms;
            }
        }

        return oldest is { } t ? DateTimeOffset.FromUnixTimeMilliseconds(t) : null;
    }
}
