using System.Buffers;
using Archive.Storage.Indexing;
using Archive.Storage.Primitives;
using Archive.Storage.Records;

namespace Archive.Storage.Store;

public sealed partial class LocalShardStore
{
    /// <inheritdoc />
    public ValueTask<VerifyOutcome> VerifyAsync(ShardKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Verify(key));
    }

    private VerifyOutcome Verify(ShardKey key)
    {
        if (!_index.TryGetShard(key, out var location))
        {
            return new VerifyOutcome(ShardStatus.NotFound);
        }

        if (!TryGetDisk(location.Disk, out var disk) || !disk.IsHealthy)
        {
            return new VerifyOutcome(ShardStatus.Unavailable);
        }

        // A segment file deleted under the running node still reads through its open handle, until the next restart
        // loses it: a verification looks at the file, not only at what the handle still holds.
        if (!File.Exists(disk.SegmentPath(location.SegmentId)))
        {
            Flag(key, location, ShardState.Missing);
            return new VerifyOutcome(ShardStatus.Missing, RecordStatus.Truncated);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)location.RecordLength);
        try
        {
            bool complete;
            try
            {
                complete = disk.Readers.TryReadExactly(location.SegmentId, location.Offset, buffer.AsSpan(0, (int)location.RecordLength));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var status = ReadFault(disk, key, location, e);
                return new VerifyOutcome(status, RecordStatus.Truncated);
            }

            if (!complete)
            {
                Flag(key, location, ShardState.Missing);
                return new VerifyOutcome(ShardStatus.Missing, RecordStatus.Truncated);
            }

            var record = ShardRecordReader.Verify(buffer.AsSpan(0, (int)location.RecordLength), out var header, out int badBlock);
            if (record == RecordStatus.Valid && (header.Key != key || header.Kind != RecordKind.Shard))
            {
                record = RecordStatus.CorruptHeader;
            }

            if (record != RecordStatus.Valid)
            {
                Metrics.CorruptBlocks.Add(1);
                Flag(key, location, ShardState.Corrupt);
                return new VerifyOutcome(ShardStatus.Corrupt, record, badBlock);
            }

            if (location.State != ShardState.Live)
            {
                Flag(key, location, ShardState.Live);
            }

            return new VerifyOutcome(ShardStatus.Ok, Disk: location.Disk.ToString());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
