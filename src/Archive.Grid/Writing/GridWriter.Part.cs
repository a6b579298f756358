using System.Buffers;
using Archive.Codec.Compression;
using Archive.Codec.Fixity;
using Archive.Codec.Layout;
using Archive.Grid.Coding;
using Archive.Grid.Diagnostics;
using Archive.Grid.Manifests;
using Archive.Grid.Map;
using Archive.Grid.Membership;
using Archive.Grid.Objects;
using Archive.Grid.Peers;
using Archive.Grid.Placement;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Store;

namespace Archive.Grid.Writing;

public sealed partial class GridWriter
{
    /// <summary>Reads one part, compresses it where that pays and Reed–Solomon encodes it; nothing is written yet.</summary>
    /// <param name="recodes">Deferred compression: the key of the stored part this re-encodes (the new key is its id, a version naming the re-encoding); null: a key derived from the content and how it was coded.</param>
    /// <param name="recheck">Hashes the bytes read, when the write checks them against the digest it was given.</param>
    private async Task<EncodedPart> EncodePartAsync(GridMap map, GridManifest header, Stream content, PixelRegion? pixels, int partIndex, int partCount, long offset, int length, bool compress, ObjectKey? recodes, CancellationToken cancellationToken, ObjectHasher? recheck = null)
    {
        var source = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
        byte[]? container = null;
        try
        {
            content.Seek(offset, SeekOrigin.Begin);
            await content.ReadExactlyAsync(source.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            recheck?.Append(source.AsSpan(0, length));

            ReadOnlyMemory<byte> stored = source.AsMemory(0, length);
            var compressed = false;
            if (compress && length >= ObjectCompressor.MinRegionLength)
            {
                container = ArrayPool<byte>.Shared.Rent(ObjectCompressor.MaxContainerLength(length));
                var compressor = _codecs.RentCompressor();
                try
                {
                    var result = compressor.Compress(source.AsSpan(0, length), container, RelativeRegion(pixels, offset, length));
                    if (result.Transform != CompressionTransform.Stored)
                    {
                        stored = container.AsMemory(0, (int)result.ContainerLength);
                        compressed = true;
                    }
                }
                finally
                {
                    _codecs.Return(compressor);
                }
            }

            return Encode(map, header, partIndex, partCount, offset, length, stored.Span, compressed, recodes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(source);
            if (container is not null)
            {
                ArrayPool<byte>.Shared.Return(container);
            }
        }
    }

    private EncodedPart Encode(GridMap map, GridManifest header, int partIndex, int partCount, long offset, int length, ReadOnlySpan<byte> stored, bool compressed, ObjectKey? recodes)
    {
        int k = header.DataShards, total = header.TotalShards;
        var layout = new StripeLayout(k, header.BlockSize);
        var shardLength = checked((int)layout.ShardLength(stored.Length));
        var shards = new ShardSet(total, shardLength);
        StripeShuffle.Scatter(stored, layout, shards);
        var data = new ReadOnlyMemory<byte>[k];
        var parity = new Memory<byte>[header.ParityShards];
        for (var i = 0; i < total; i++)
        {
            if (i < k)
            {
                data[i] = shards.Shard(i);
            }
            else
            {
                parity[i - k] = shards.Shard(i);
            }
        }

        var encodeStarted = _time.GetTimestamp();
        _codecs.ReedSolomon(k, header.ParityShards).Encode(data, parity);
        _metrics?.Codec(GridMetrics.CodecEncode, "write", (long)k * shardLength, _time.GetElapsedTime(encodeStarted));

        var encoding = ObjectIdentity.EncodingOf(k, header.ParityShards, header.BlockSize, (byte)header.Checksum, compressed, stored);
        var partKey = recodes is { } storedKey ? ObjectIdentity.RecodedPartKey(storedKey, encoding) : ObjectIdentity.PartKey(header.ObjectName, header.Sha256, partIndex, encoding);
        var targets = ShardPlacement.PlaceAvoiding(map, ObjectIdentity.PlacementKey(partKey), total, header.ParityShards, _unwritable.Of(map).Unwritable).Targets;
        var locations = targets.Select(t => t is { } d ? new ShardLocation(d.Node.Id, d.Disk.Id) : default).ToArray();
        var part = new ObjectPart(partKey, offset, length, stored.Length, compressed, locations);
        var descriptor = GridManifestCodec.EncodePart(header, partIndex, partCount, part);
        var storageManifest = new ObjectManifest(partKey, stored.Length, header.Sha256, header.StorageClass, (byte)k, (byte)header.ParityShards, header.BlockSize, header.Checksum, header.CreatedAt, descriptor);
        return new EncodedPart(part, storageManifest, targets, shards, k + _options.ExtraDurableShards);
    }

    /// <summary>
    /// Puts the k + m shards of an encoded part on their targets in parallel and returns at the quorum: once
    /// <see cref="EncodedPart.Required"/> are durable (or cannot be). Puts still running go on with the part's
    /// buffers (held until they end, see <see cref="EncodedPart.Dispose"/>); <see cref="PartWriteResult.LateMissed"/> says which of them failed.
    /// </summary>
    private async Task<PartWriteResult> PutPartAsync(EncodedPart encoded, CancellationToken cancellationToken)
    {
        var total = encoded.Targets.Count;
        var puts = new Task<ShardStatus>[total];
        var reasons = new (string Brief, string Full)?[total]; // why each missed put failed, in words (sweep S: a refused write named no node)
        for (var i = 0; i < total; i++)
        {
            var shard = i;
            puts[i] = encoded.Targets[i] is { } target
                ? PutShardAsync(target, new ShardWrite(encoded.StorageManifest, (ushort)i, encoded.Shards.Shard(i), PreferredDisk(target.Disk.Id)), (brief, full) => reasons[shard] = (brief, full), cancellationToken)
                : Task.FromResult(ShardStatus.NoWritableDisk);
        }

        var required = Math.Min(total, encoded.Required);
        await Quorum.WhenEnoughAsync(puts, Durable, required).ConfigureAwait(false);
        encoded.HoldUntil(Task.WhenAll(puts));
        var missed = Quorum.FailedNow(puts, Durable);
        var durable = puts.Count(p => p.IsCompletedSuccessfully && Durable(p.Result));
        var failures = missed.Select(i => puts[i].IsCompletedSuccessfully ? puts[i].Result : ShardStatus.Unavailable).ToArray();
        return new PartWriteResult(
            encoded.Part,
            durable,
            required,
            missed,
            Quorum.FailedLate(puts, Durable),
            failures.Length > 0 && failures.All(s => s is ShardStatus.DiskFull or ShardStatus.NoWritableDisk),
            string.Join("; ", missed.Select((shard, n) => reasons[shard]?.Full ?? $"shard {shard}: {failures[n]}").Distinct()),
            string.Join(", ", missed.Select((shard, n) => reasons[shard]?.Brief ?? $"shard {shard} {failures[n]}").Distinct()));

        static bool Durable(ShardStatus status) => status == ShardStatus.Ok;
    }

    /// <param name="failed">Told why when the put fails: in a few words, and in full.</param>
    private async Task<ShardStatus> PutShardAsync(DiskLocation target, ShardWrite write, Action<string, string> failed, CancellationToken cancellationToken)
    {
        var node = target.Node.Id;
        if (_membership.HealthOf(node) == NodeHealth.Down)
        {
            failed($"{node} down", $"node {node} down");
            return ShardStatus.Unavailable;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.PutTimeout);
        try
        {
            var outcome = await _peers.Connect(target.Node).Shards.PutAsync(write, deadline.Token).ConfigureAwait(false);
            _membership.Heard(target.Node.Id);
            if (outcome.Status == ShardStatus.NoWritableDisk)
            {
                _unwritable.Refresh();
            }

            if (outcome.Status != ShardStatus.Ok)
            {
                failed($"{node} {outcome.Status}", $"node {node}: {outcome.Status}");
            }

            return outcome.Status;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A dead, partitioned or slow peer: the shard is missed, never the write's fault alone.
            _membership.Failed(target.Node.Id);
            if (e is OperationCanceledException)
            {
                failed($"{node} timed out", $"node {node} did not answer within {_options.PutTimeout.TotalSeconds:0.#} s");
            }
            else
            {
                failed($"{node} unreachable", e.Message.Contains(node, StringComparison.Ordinal) ? e.Message : $"node {node}: {e.Message}"); // the peer client names it
            }
            return ShardStatus.Unavailable;
        }
    }

    private async Task DeletePartsAsync(GridMap map, IReadOnlyList<ObjectPart> parts, CancellationToken cancellationToken)
    {
        var deletes = new List<Task>();
        foreach (var part in parts)
        {
            for (var i = 0; i < part.Shards.Count; i++)
            {
                if (map.FindNode(part.Shards[i].NodeId) is { } node)
                {
                    deletes.Add(DeleteQuietlyAsync(node, new ShardKey(part.StorageKey, (ushort)i), cancellationToken));
                }
            }
        }

        await Task.WhenAll(deletes).ConfigureAwait(false);
    }

    private async Task DeleteQuietlyAsync(GridNode node, ShardKey key, CancellationToken cancellationToken)
    {
        try
        {
            await _peers.Connect(node).Shards.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Unreachable: the shard stays unreferenced (no manifest names it, so nothing reads it); it only takes space.
            _membership.Failed(node.Id);
        }
    }

    private static DiskId? PreferredDisk(string diskId) => Guid.TryParseExact(diskId, "N", out var guid) ? new DiskId(guid) : null;

    /// <summary>One part coded and placed, its shards in pooled buffers until disposed and no put still reads them.</summary>
    private sealed record EncodedPart(ObjectPart Part, ObjectManifest StorageManifest, IReadOnlyList<DiskLocation?> Targets, ShardSet Shards, int Required) : IDisposable
    {
        private Task _readers = Task.CompletedTask;

        /// <summary>Keeps the buffers past <see cref="Dispose"/> until <paramref name="puts"/> end.</summary>
        public void HoldUntil(Task puts) => _readers = puts;

        public void Dispose()
        {
            if (_readers.IsCompleted)
            {
                Shards.Dispose();
            }
            else
            {
                _readers.ContinueWith(_ => Shards.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// How one part's puts went at its quorum: <see cref="Missed"/> had failed by then; <see cref="LateMissed"/>
    /// completes, once the puts still running end, with those of them that failed.
    /// </summary>
    /// <param name="FailureSummary">Why the shards missed at the quorum failed, one clause per node or status.</param>
    /// <param name="FailureBrief">The same in a few words per node ("node-5 unreachable, node-6 down").</param>
    private sealed record PartWriteResult(ObjectPart Part, int Durable, int Required, IReadOnlyList<int> Missed, Task<int[]> LateMissed, bool AllFailuresWereFull, string FailureSummary, string FailureBrief)
    {
        public bool ReachedQuorum => Durable >= Required;
    }
}
