using Archive.Storage.Diagnostics;
using Archive.Storage.Primitives;
using Microsoft.Win32.SafeHandles;

namespace Archive.Storage.Cache;

public sealed partial class ReplicaCache
{
    /// <summary>
    /// Evicts segments, oldest first by the rules of <see cref="Victim"/>, until the cache is within its capacity. The entries
    /// of an evicted segment hit recently (while the newest half of the capacity was appended) are copied to the recent
    /// share's newest segment first (verified on the way), the others dropped: an approximation of least recently used
    /// that never copies more than half the cache, however many entries were hit once long ago.
    /// </summary>
    private async Task EvictToCapacityAsync()
    {
        while (TakeVictim() is { } eviction)
        {
            foreach (var (key, location) in eviction.HitEntries)
            {
                await KeepHitEntryAsync(key, location).ConfigureAwait(false);
            }

            Finish(eviction);
        }
    }

    /// <summary>Takes the next victim out of the cache (its entries out of the index), or null when the cache is within its capacity.</summary>
    private Eviction? TakeVictim()
    {
        lock (_gate)
        {
            return _bytes > _options.CapacityBytes && Victim() is { } victim ? Take(victim) : null;
        }
    }

    /// <summary>Takes <paramref name="victim"/> out of the cache (under the gate): its entries out of the index, those hit recently kept aside to copy forward.</summary>
    private Eviction Take(CacheSegment victim)
    {
        _segments.Remove(victim);
        Account(victim, -victim.Length);
        var hit = new List<(ObjectKey Key, Location Location)>();
        long dropped = 0;
        foreach (var (key, offset) in victim.Entries)
        {
            if (_index.TryGetValue(key, out var location) && location.Segment == victim && location.Offset == offset)
            {
                _index.Remove(key);
                if (location.LastHit is { } lastHit && _appended - lastHit < _options.CapacityBytes / 2)
                {
                    hit.Add((key, location));
                }
                else
                {
                    dropped++;
                }
            }
        }

        victim.TryAcquire(); // held open for the copies
        victim.Evict();
        return new Eviction(victim, hit, dropped);
    }

    /// <summary>Closes and deletes an evicted segment once its hit entries are copied.</summary>
    private void Finish(Eviction eviction)
    {
        Release(eviction.Segment);
        TryDelete(eviction.Segment.Path);
        _metrics.CacheEvictions.Add(eviction.Dropped);
    }

    /// <summary>
    /// The segment to evict next (under the gate), never one still being written: one that holds no entry any more, then
    /// the oldest fetched one while fetched segments exceed their share, otherwise the older of the oldest fetched and the
    /// oldest recent segment.
    /// </summary>
    private CacheSegment? Victim()
    {
        CacheSegment? oldestFetched = null, oldestRecent = null;
        foreach (var segment in _segments)
        {
            if (segment.Writers > 0)
            {
                continue;
            }

            if (segment.LiveBytes == 0)
            {
                return segment;
            }

            if (segment.Fetched)
            {
                oldestFetched ??= segment;
            }
            else
            {
                oldestRecent ??= segment;
            }
        }

        if (oldestFetched is null || (oldestRecent is not null && _fetchedBytes <= _options.CapacityBytes * FetchedShare && oldestRecent.Sequence < oldestFetched.Sequence))
        {
            return oldestRecent;
        }

        return oldestFetched;
    }

    /// <summary>
    /// Copies an entry hit recently out of its evicted segment to the recent share, verifying it on the way
    /// (its header, written first with the length only, gets the digest once the bytes match it); a bad entry is dropped.
    /// </summary>
    private async Task KeepHitEntryAsync(ObjectKey key, Location location)
    {
        Append append;
        try
        {
            append = Begin(new CacheEntryHeader(key, location.Length, default), fetched: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            return;
        }

        try
        {
            var verified = await CopyVerifiedAsync(location, key, null, new SegmentWriteStream(append.Segment.Handle, append.DataOffset), CancellationToken.None).ConfigureAwait(false);
            if (verified is { } header)
            {
                WriteHeader(append.Segment.Handle, header, append.Offset);
                Publish(append);
                return;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // not copied: dropped like a bad entry
        }

        Abandon(append);
        _logger.CacheEntryCorrupt(key);
    }

    /// <summary>A segment taken out of the cache: its entries hit recently (to copy forward) and how many it dropped.</summary>
    private sealed record Eviction(CacheSegment Segment, IReadOnlyList<(ObjectKey Key, Location Location)> HitEntries, long Dropped);

    /// <summary>Writes at increasing offsets of a segment file from <paramref name="offset"/> on (the destination of a copy forward).</summary>
    private sealed class SegmentWriteStream(SafeFileHandle handle, long offset) : Stream
    {
        private long _position = offset;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            RandomAccess.Write(handle, buffer, _position); // into the page cache, as every cache write
            _position += buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
