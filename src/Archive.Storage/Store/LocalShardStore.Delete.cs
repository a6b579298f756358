using Archive.Storage.GroupCommit;
using Archive.Storage.Indexing;
using Archive.Storage.Primitives;
using Archive.Storage.Records;

namespace Archive.Storage.Store;

public sealed partial class LocalShardStore
{
    /// <inheritdoc />
    public async ValueTask<ShardStatus> DeleteAsync(ShardKey key, CancellationToken cancellationToken = default)
    {
        if (!_index.TryGetShard(key, out var location))
        {
            return ShardStatus.NotFound;
        }

        var appender = Appender(location.Disk);
        if (appender is null || !TryGetDisk(location.Disk, out var disk) || !disk.IsHealthy)
        {
            // The disk is gone: forget the entry (a full rebuild from that disk, if it returns, would show it again).
            lock (_indexGate)
            {
                _index.Commit(new IndexBatch().DeleteShard(key), durable: true);
            }

            ForgetLostEntry(location.Disk);
            return ShardStatus.Ok;
        }

        // The tombstone goes to the record's own disk, after the record: replay order then deletes it.
        var tombstone = new byte[ShardRecordFormat.TombstoneLength];
        ShardRecordWriter.WriteTombstone(tombstone, key, _sequence.Next());
        var outcome = await appender.AppendAsync(new AppendRequest(tombstone, key, RecordKind.Tombstone, null, null), cancellationToken).ConfigureAwait(false);
        return outcome.Status switch
        {
            AppendStatus.Durable => ShardStatus.Ok,
            AppendStatus.DiskFull => ShardStatus.DiskFull,
            _ => ShardStatus.Unavailable,
        };
    }
}
