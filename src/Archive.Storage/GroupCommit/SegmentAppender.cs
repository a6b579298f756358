using System.Diagnostics;
using System.Threading.Channels;
using Archive.Storage.Diagnostics;
using Archive.Storage.Disks;
using Archive.Storage.Indexing;
using Archive.Storage.Io;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Segments;
using Microsoft.Extensions.Logging;

namespace Archive.Storage.GroupCommit;

/// <summary>
/// The single writer of one disk's open segment. Submitters queue records; one loop takes every
/// record queued (up to the batch bounds), appends them with one gather write, fsyncs once, commits
/// their index entries and the segment checkpoint in one index batch, then completes them all:
/// a submitter's task completes only once its record is durable (blobs first, index last).
/// On ENOSPC the batch is cut back off the file (nothing partial visible); on any other I/O error
/// the disk is marked failed and every pending record fails. Thread-safe for submitters.
/// </summary>
internal sealed class SegmentAppender : IAsyncDisposable
{
    private readonly DataDisk _disk;
    private readonly IShardIndex _index;
    private readonly object _indexGate;
    private readonly GroupCommitOptions _options;
    private readonly TimeProvider _time;
    private readonly StorageMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Action<DataDisk, string> _onDiskFailed;
    private readonly Channel<AppendRequest> _queue;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _segmentGate = new(); // rotation vs deletion of sealed segments
    private readonly ManualResetEventSlim _queued = new(false, spinCount: 0);
    private readonly Action _signalQueued;
    private SegmentWriter _writer;

    public SegmentAppender(
        DataDisk disk,
        SegmentWriter writer,
        IShardIndex index,
        object indexGate,
        GroupCommitOptions options,
        TimeProvider time,
        StorageMetrics metrics,
        ILogger logger,
        Action<DataDisk, string> onDiskFailed)
    {
        _disk = disk;
        _writer = writer;
        _options = options;
        Reserve(writer);
        _index = index;
        _indexGate = indexGate;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _onDiskFailed = onDiskFailed;
        _queue = Channel.CreateBounded<AppendRequest>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true });
        _signalQueued = _queued.Set;
        // A thread of its own: the loop blocks in write and fsync, which on a pool thread would starve
        // the pool that runs the DICOM and coding work (and wait behind it to be scheduled).
        new Thread(Run) { IsBackground = true, Name = $"appender {disk.Id}" }.Start();
    }

    /// <summary>Id of the segment currently taking appends.</summary>
    public ulong ActiveSegmentId => Volatile.Read(ref _writer).SegmentId;

    /// <summary>Queues a record; the task completes after the group commit that contains it.</summary>
    public async ValueTask<AppendOutcome> AppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        if (!_disk.IsHealthy)
        {
            return new AppendOutcome(AppendStatus.DiskFailed, default);
        }

        try
        {
            await _queue.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return new AppendOutcome(_disk.IsHealthy ? AppendStatus.Closed : AppendStatus.DiskFailed, default);
        }

        // Once queued the record may become durable: cancellation must not pretend otherwise.
        return await request.Completion.Task.ConfigureAwait(false);
    }

    private void Run()
    {
        try
        {
            Loop();
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void Loop()
    {
        var batch = new List<AppendRequest>();
        var reader = _queue.Reader;
        while (WaitToRead(reader))
        {
            if (_options.MaxBatchDelay > TimeSpan.Zero && !_options.DisableGrouping)
            {
                Task.Delay(_options.MaxBatchDelay, _time).GetAwaiter().GetResult();
            }

            long bytes = 0;
            int limit = _options.DisableGrouping ? 1 : _options.MaxBatchRecords;
            while (batch.Count < limit && (batch.Count == 0 || bytes < _options.MaxBatchBytes) && reader.TryRead(out var request))
            {
                batch.Add(request);
                bytes += request.Record.Length;
            }

            if (batch.Count > 0)
            {
                try
                {
                    Commit(batch, bytes);
                }
                catch (Exception e)
                {
                    // A bug, not an I/O outcome: fail the batch loudly rather than hang its submitters.
                    foreach (var request in batch)
                    {
                        request.Completion.TrySetException(e);
                    }
                }

                batch.Clear();
            }
        }
    }

    /// <summary>
    /// Blocks this (dedicated) thread until a record is queued; false once the queue is completed and empty. The
    /// thread sleeps without spinning: a task's blocking wait spins and yields the CPU some sixty times first, which
    /// on a busy node cost more CPU than the appends themselves.
    /// </summary>
    private bool WaitToRead(ChannelReader<AppendRequest> reader)
    {
        var wait = reader.WaitToReadAsync();
        if (wait.IsCompleted)
        {
            return wait.Result;
        }

        _queued.Reset();
        var awaiter = wait.ConfigureAwait(false).GetAwaiter();
        awaiter.UnsafeOnCompleted(_signalQueued);
        _queued.Wait();
        return awaiter.GetResult();
    }

    private void Commit(List<AppendRequest> batch, long bytes)
    {
        if (!_disk.IsHealthy)
        {
            Complete(batch, AppendStatus.DiskFailed);
            return;
        }

        bytes -= DropSupersededRelocations(batch);
        if (batch.Count == 0)
        {
            return;
        }

        long start = Stopwatch.GetTimestamp();
        long startLength;
        try
        {
            if (HasNoRoom(bytes))
            {
                RefuseAsFull(batch);
                return;
            }

            RotateIfNeeded(bytes);
            startLength = _writer.Length;
        }
        catch (Exception e) when (IoErrors.IsDiskFull(e))
        {
            RefuseAsFull(batch);
            return;
        }
        catch (Exception e) when (IoErrors.IsDiskFault(e))
        {
            Fail(batch, e);
            return;
        }

        ShardLocation[] locations;
        try
        {
            locations = WriteDurably(batch, ref startLength);
        }
        catch (Exception e) when (IoErrors.IsDiskFull(e))
        {
            if (TryCutBack(startLength))
            {
                RefuseAsFull(batch);
            }
            else
            {
                Fail(batch, e);
            }

            return;
        }
        catch (Exception e) when (IoErrors.IsDiskFault(e))
        {
            Fail(batch, e);
            return;
        }

        try
        {
            CommitIndex(batch, locations);
        }
        catch (Exception e)
        {
            // The records are durable but not indexed: recovery re-indexes them from the checkpoint.
            foreach (var request in batch)
            {
                request.Completion.TrySetException(e);
            }

            return;
        }

        _metrics.Puts.Add(batch.Count);
        _metrics.PutBytes.Add(bytes);
        _metrics.BatchRecords.Record(batch.Count);
        _metrics.CommitDuration.Record(Stopwatch.GetElapsedTime(start).TotalSeconds);
        for (int i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(new AppendOutcome(AppendStatus.Durable, locations[i]));
        }
    }

    /// <summary>
    /// Appends the batch at the end of the open segment and syncs it. If the segment file was deleted
    /// underneath (its bytes would die with the handle), the batch is written again to a fresh segment
    /// before anyone is acknowledged. <paramref name="startLength"/> is where the batch starts in the
    /// segment finally written (what a disk-full cut-back returns to). Returns each record's location.
    /// </summary>
    private ShardLocation[] WriteDurably(List<AppendRequest> batch, ref long startLength)
    {
        var buffers = new ReadOnlyMemory<byte>[batch.Count];
        var locations = new ShardLocation[batch.Count];
        for (int attempt = 0; ; attempt++)
        {
            long offset = startLength;
            for (int i = 0; i < batch.Count; i++)
            {
                buffers[i] = batch[i].Record;
                ShardRecordHeader.TryRead(batch[i].Record.Span, out var header);
                locations[i] = ShardLocation.FromHeader(_disk.Id, _writer.SegmentId, offset, header);
                offset += batch[i].Record.Length;
            }

            if (_options.SyncWithWrite)
            {
                _writer.AppendDurably(buffers);
            }
            else
            {
                _writer.Append(buffers);
                _writer.Flush();
            }

            _metrics.Fsyncs.Add(1);
            if (!_writer.IsUnlinked())
            {
                return locations;
            }

            // Deleted again right after being created: something is removing this disk's files.
            if (attempt > 0)
            {
                throw new IOException($"Segment {_writer.SegmentId} on disk {_disk.Id} was deleted while open, twice in a row.");
            }

            _logger.OpenSegmentVanished(_writer.SegmentId, _disk.Id, batch.Count);
            ReplaceVanishedSegment();
            startLength = _writer.Length;
        }
    }

    /// <summary>
    /// Deletes a sealed segment of this disk (after compaction), serialised with rotation so that the
    /// segment open for append can never be the one deleted. False (nothing deleted) for the open
    /// segment or one after it.
    /// </summary>
    internal bool TryDeleteSealedSegment(ulong segmentId)
    {
        lock (_segmentGate)
        {
            if (segmentId >= _writer.SegmentId)
            {
                return false;
            }

            string path = _disk.SegmentPath(segmentId);
            _disk.Readers.Evict(segmentId);
            File.Delete(path);
            FileSync.Directory(Path.GetDirectoryName(path)!);
            return true;
        }
    }

    /// <summary>
    /// Removes (and completes as <see cref="AppendStatus.Superseded"/>) compaction copies whose shard
    /// changed since compaction read it: deleted or put again on this disk, whether already indexed
    /// or earlier in this very batch. Checked before writing, so a stale copy never lands in the log
    /// after the change (where a replay would resurrect it). Returns the bytes removed.
    /// </summary>
    private long DropSupersededRelocations(List<AppendRequest> batch)
    {
        if (!batch.Exists(r => r.IsRelocation && r.Kind == RecordKind.Shard))
        {
            return 0;
        }

        long removed = 0;
        var changed = new HashSet<ShardKey>();
        var kept = new List<AppendRequest>(batch.Count);
        lock (_indexGate)
        {
            foreach (var request in batch)
            {
                bool stale = request.IsRelocation && request.Kind == RecordKind.Shard
                    && (changed.Contains(request.Key) || !_index.TryGetShard(request.Key, out var current)
                        || current with { State = request.ExpectedCurrent!.Value.State } != request.ExpectedCurrent.Value);
                if (stale)
                {
                    removed += request.Record.Length;
                    request.Completion.TrySetResult(new AppendOutcome(AppendStatus.Superseded, default));
                    continue;
                }

                if (!request.IsRelocation)
                {
                    changed.Add(request.Key);
                }

                kept.Add(request);
            }
        }

        batch.Clear();
        batch.AddRange(kept);
        return removed;
    }

    private void CommitIndex(List<AppendRequest> batch, ShardLocation[] locations)
    {
        var indexBatch = new IndexBatch();
        lock (_indexGate)
        {
            for (int i = 0; i < batch.Count; i++)
            {
                var request = batch[i];
                if (request.Kind == RecordKind.Tombstone)
                {
                    if (!request.IsRelocation)
                    {
                        indexBatch.DeleteShard(request.Key);
                    }
                }
                else if (request.ExpectedCurrent is not { } expected
                    || (_index.TryGetShard(request.Key, out var current) && current with { State = expected.State } == expected))
                {
                    indexBatch.PutShard(request.Key, locations[i]);
                    if (request.Manifest is not null)
                    {
                        indexBatch.PutManifest(request.Key.Object, request.Manifest);
                    }
                }
            }

            indexBatch.SetCheckpoint(_disk.Id, _writer.SegmentId, _writer.Length);
            _index.Commit(indexBatch, durable: false);
            foreach (var request in batch)
            {
                if (request.Kind == RecordKind.Tombstone && !request.IsRelocation && !_index.EnumerateShards(request.Key.Object.Id).Any(e => e.Key.Object == request.Key.Object))
                {
                    _index.Commit(new IndexBatch().DeleteManifest(request.Key.Object), durable: false);
                }
            }
        }
    }

    private bool HasNoRoom(long bytes) => _options.MinFreeBytes > 0 && _disk.FreeBytes() - bytes < _options.MinFreeBytes;

    /// <summary>The batch found no room: refused, nothing of it on the disk, and the disk takes no new shards until it has room again.</summary>
    private void RefuseAsFull(List<AppendRequest> batch)
    {
        _metrics.DiskFull.Add(1);
        _logger.DiskFull(_disk.Id, batch.Count);
        if (_disk.MarkFull(_time))
        {
            _logger.DiskOutOfRoom(_disk.Id, _disk.Root, _options.ResumeAtFreeBytes);
        }

        Complete(batch, AppendStatus.DiskFull);
    }

    private void RotateIfNeeded(long bytes)
    {
        if (_writer.Length == SegmentHeader.Length || _writer.Length + bytes <= _options.SegmentMaxBytes)
        {
            return;
        }

        // Create the next segment before sealing this one: if creation fails (disk full), the
        // current segment stays open and nothing changed.
        var old = _writer;
        var created = CreateNextSegment(old);
        old.Seal();
        lock (_segmentGate)
        {
            Volatile.Write(ref _writer, created);
        }

        old.Dispose();
        _logger.SegmentRotated(old.SegmentId, _disk.Id, created.SegmentId);
    }

    /// <summary>Creates (and reserves) the segment after <paramref name="current"/>; a disk-full failure leaves no file behind.</summary>
    private SegmentWriter CreateNextSegment(SegmentWriter current)
    {
        ulong next = current.SegmentId + 1;
        string path = _disk.SegmentPath(next);
        SegmentWriter created;
        try
        {
            created = SegmentWriter.Create(path, new SegmentHeader(_disk.Id, next, _time.GetUtcNow()));
        }
        catch (Exception e) when (IoErrors.IsDiskFull(e))
        {
            File.Delete(path);
            throw;
        }

        Reserve(created);
        return created;
    }

    /// <summary>Reserves a segment's blocks up to its maximum size, when configured.</summary>
    private void Reserve(SegmentWriter writer)
    {
        if (_options.PreallocateSegments)
        {
            writer.ReserveUpTo(_options.SegmentMaxBytes);
        }
    }

    /// <summary>The open segment's file is gone: continue in a new one (nothing to seal).</summary>
    private void ReplaceVanishedSegment()
    {
        var old = _writer;
        var created = CreateNextSegment(old);
        lock (_segmentGate)
        {
            Volatile.Write(ref _writer, created);
        }

        old.Dispose();
    }

    private bool TryCutBack(long length)
    {
        try
        {
            _writer.Truncate(length);
            return true;
        }
        catch (Exception e) when (IoErrors.IsDiskFault(e))
        {
            return false;
        }
    }

    private void Fail(List<AppendRequest> batch, Exception e)
    {
        _onDiskFailed(_disk, e.Message);
        Complete(batch, AppendStatus.DiskFailed);
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var pending))
        {
            pending.Completion.TrySetResult(new AppendOutcome(AppendStatus.DiskFailed, default));
        }
    }

    private static void Complete(List<AppendRequest> batch, AppendStatus status)
    {
        foreach (var request in batch)
        {
            request.Completion.TrySetResult(new AppendOutcome(status, default));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopped.Task.ConfigureAwait(false);
        while (_queue.Reader.TryRead(out var pending))
        {
            pending.Completion.TrySetResult(new AppendOutcome(AppendStatus.Closed, default));
        }

        _writer.Dispose();
        _queued.Dispose();
    }
}
