using System.Buffers;
using System.Buffers.Binary;
using Archive.Storage.Disks;
using Archive.Storage.GroupCommit;
using Archive.Storage.Io;
using Archive.Storage.Primitives;
using Archive.Storage.Records;

namespace Archive.Storage.Store;

public sealed partial class LocalShardStore
{
    /// <inheritdoc />
    public async ValueTask<PutOutcome> PutAsync(ShardWrite shard, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var manifest = shard.Manifest;
        byte[] manifestBytes;
        try
        {
            manifestBytes = ManifestCodec.Encode(manifest);
        }
        catch (ArgumentException)
        {
            return new PutOutcome(ShardStatus.Invalid);
        }

        if (shard.Data.Length > ShardRecordFormat.MaxShardLength || (manifest.K + manifest.M > 0 && shard.ShardIndex >= manifest.K + manifest.M))
        {
            return new PutOutcome(ShardStatus.Invalid);
        }

        int length = (int)ShardRecordFormat.RecordLength(manifestBytes.Length, shard.Data.Length, manifest.BlockSize, manifest.BlockChecksum);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            ShardRecordWriter.WriteShard(buffer, manifest, shard.ShardIndex, shard.Data.Span, _sequence.Next());
            // Repair putting a lost disk's shard on a disk here replaces its entry there.
            DiskId? replacedLost = !_lostDisks.IsEmpty && _index.TryGetShard(shard.Key, out var previous) && _lostDisks.Contains(previous.Disk) ? previous.Disk : null;
            bool sawFull = false;
            foreach (var disk in Candidates(shard))
            {
                var appender = Appender(disk.Id);
                if (appender is null || !disk.IsHealthy)
                {
                    continue;
                }

                if (IsFull(disk))
                {
                    sawFull = true;
                    continue;
                }

                var request = new AppendRequest(buffer.AsMemory(0, length), shard.Key, RecordKind.Shard, manifestBytes, null);
                var outcome = await appender.AppendAsync(request, cancellationToken).ConfigureAwait(false);
                switch (outcome.Status)
                {
                    case AppendStatus.Durable:
                        if (replacedLost is { } lost)
                        {
                            ForgetLostEntry(lost);
                        }

                        return new PutOutcome(ShardStatus.Ok, disk.Id);
                    case AppendStatus.DiskFull:
                        sawFull = true;
                        break;
                }
            }

            return new PutOutcome(sawFull ? ShardStatus.DiskFull : ShardStatus.NoWritableDisk);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The preferred disk alone when placement named one; otherwise every healthy disk ordered by
    /// rendezvous hash of (shard, disk), so a shard's first choice is stable and load spreads evenly
    /// (a full one is passed over when tried).
    /// </summary>
    private IEnumerable<DataDisk> Candidates(ShardWrite shard)
    {
        if (shard.PreferredDisk is { } preferred)
        {
            return TryGetDisk(preferred, out var disk) ? [disk] : [];
        }

        Span<byte> key = stackalloc byte[16 + 4 + 2 + 16];
        shard.Key.Object.Id.Write(key);
        BinaryPrimitives.WriteUInt32LittleEndian(key[16..], shard.Key.Object.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(key[20..], shard.ShardIndex);
        var scored = new List<(ulong Score, DataDisk Disk)>(_diskOrder.Count);
        foreach (var disk in _diskOrder)
        {
            if (disk.IsHealthy)
            {
                disk.Id.Value.TryWriteBytes(key[22..]);
                scored.Add((Checksum64.Compute(key), disk));
            }
        }

        scored.Sort((a, b) => b.Score.CompareTo(a.Score));
        return scored.Select(s => s.Disk);
    }
}
