using System.Buffers;
using Archive.Codec.Framing;
using Archive.Storage.Diagnostics;
using Archive.Storage.Disks;
using Archive.Storage.Indexing;
using Archive.Storage.Primitives;
using Archive.Storage.Records;

namespace Archive.Storage.Store;

public sealed partial class LocalShardStore
{
    /// <inheritdoc />
    public ValueTask<ReadOutcome> ReadAsync(ShardKey key, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(key, offset, destination.Span));
    }

    private ReadOutcome Read(ShardKey key, long offset, Span<byte> destination)
    {
        if (!_index.TryGetShard(key, out var location))
        {
            return new ReadOutcome(ShardStatus.NotFound);
        }

        if (location.State == ShardState.Missing)
        {
            return new ReadOutcome(ShardStatus.Missing, ShardLength: location.ShardLength);
        }

        if (!TryGetDisk(location.Disk, out var disk) || !disk.IsHealthy)
        {
            return new ReadOutcome(ShardStatus.Unavailable, ShardLength: location.ShardLength);
        }

        if (offset < 0)
        {
            return new ReadOutcome(ShardStatus.Invalid);
        }

        int count = (int)Math.Clamp(location.ShardLength - offset, 0, destination.Length);
        if (count == 0)
        {
            return new ReadOutcome(ShardStatus.Ok, 0, location.ShardLength);
        }

        int bs = location.BlockSize;
        var algorithm = location.BlockChecksum;
        int first = (int)(offset / bs);
        int last = (int)((offset + count - 1) / bs);
        long firstOffset = ShardRecordFormat.BlockOffset(bs, first, algorithm);
        long span = ShardRecordFormat.BlockOffset(bs, last, algorithm) + ShardRecordFormat.FrameLength(location.ShardLength, bs, last, algorithm) - firstOffset;
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)span);
        try
        {
            bool complete;
            try
            {
                complete = disk.Readers.TryReadExactly(location.SegmentId, location.DataOffset + firstOffset, buffer.AsSpan(0, (int)span));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new ReadOutcome(ReadFault(disk, key, location, e), ShardLength: location.ShardLength);
            }

            if (!complete)
            {
                Flag(key, location, ShardState.Missing);
                return new ReadOutcome(ShardStatus.Missing, ShardLength: location.ShardLength);
            }

            int written = 0;
            for (int b = first; b <= last; b++)
            {
                int position = (int)(ShardRecordFormat.BlockOffset(bs, b, algorithm) - firstOffset);
                int expected = ShardRecordFormat.FrameLength(location.ShardLength, bs, b, algorithm);
                var frame = buffer.AsSpan(position, expected);
                var info = BlockFrame.TryVerify(frame, bs);
                if (!info.IsValid || info.BlockIndex != (uint)b || info.FrameLength != expected)
                {
                    _metrics.CorruptBlocks.Add(1);
                    _logger.CorruptBlock(key, b, disk.Id);
                    Flag(key, location, ShardState.Corrupt);
                    return new ReadOutcome(ShardStatus.Corrupt, 0, location.ShardLength, b);
                }

                long blockStart = (long)b * bs;
                int from = (int)Math.Max(0, offset - blockStart);
                int take = Math.Min(info.PayloadLength - from, count - written);
                info.Payload(frame).Slice(from, take).CopyTo(destination[written..]);
                written += take;
            }

            _metrics.Reads.Add(1);
            _metrics.ReadBytes.Add(written);
            return new ReadOutcome(ShardStatus.Ok, written, location.ShardLength);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Classifies a read error: a vanished or relabelled mount, or an I/O error on a present disk,
    /// fails the disk (Unavailable); a single missing segment flags the entry (Missing).
    /// </summary>
    private ShardStatus ReadFault(DataDisk disk, ShardKey key, ShardLocation location, Exception error)
    {
        disk.Readers.Evict(location.SegmentId);
        if (disk.StillMounted() && error is FileNotFoundException)
        {
            _logger.MissingRecord(key, disk.Id);
            Flag(key, location, ShardState.Missing);
            return ShardStatus.Missing;
        }

        OnDiskFailed(disk, error.Message);
        return ShardStatus.Unavailable;
    }

    /// <summary>Sets an entry's state, unless the shard moved meanwhile (compaction, re-put).</summary>
    private void Flag(ShardKey key, ShardLocation seen, ShardState state)
    {
        lock (_indexGate)
        {
            if (_index.TryGetShard(key, out var current) && current.Disk == seen.Disk && current.SegmentId == seen.SegmentId
                && current.Offset == seen.Offset && current.State != state)
            {
                _index.Commit(new IndexBatch().PutShard(key, current with { State = state }), durable: false);
            }
        }
    }
}
