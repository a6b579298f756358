using System.Buffers;
using System.Text;
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
using Archive.Grid.Repair;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Writing;

/// <summary>
/// Stores objects in the grid (DESIGN.md §4): hash, then per part compress where it pays, stripe,
/// Reed–Solomon encode and put the k + m shards in parallel on their placement targets (around disks
/// their nodes report failed, <see cref="UnwritableDisks"/>); succeed
/// only when every part has k + <see cref="GridWriteOptions.ExtraDurableShards"/> durable shards on
/// distinct disks, then commit the manifest to a majority of its partition replicas, queue what
/// missed for repair, and only then report success. A failed write is answered as failed; when no
/// catalog replica can hold its manifest the shards it wrote are deleted, and when one may, they stay
/// and repair completes the object. A delete that cannot reach its node leaves an unreferenced shard:
/// it takes space and is never read (nothing collects such shards; README, "What an acknowledgement
/// means"). Writes of one object name on this node run one at a time (<see cref="SameNameGate"/>), so
/// a second one sees the first's version. Thread-safe; one instance per node.
/// </summary>
public sealed partial class GridWriter
{
    private readonly GridMapHolder _maps;
    private readonly IPeerConnector _peers;
    private readonly MembershipTable _membership;
    private readonly IRepairQueue _repairs;
    private readonly CodecPool _codecs;
    private readonly GridWriteOptions _options;

    /// <summary>How this writer cuts, codes and acknowledges.</summary>
    public GridWriteOptions Options => _options;

    /// <summary>The disks of <paramref name="map"/> this writer places around now: their nodes report them full or failed.</summary>
    public DiskRefusals RefusingDisks(GridMap map) => _unwritable.Of(map);
    private readonly TimeProvider _time;
    private readonly ILogger<GridWriter> _logger;
    private readonly ManifestDirectory _directory;
    private readonly IDeferredCompressionQueue? _deferred;
    private readonly GridMetrics? _metrics;
    private readonly UnwritableDisks _unwritable;
    private readonly SameNameGate _sameName = new();

    /// <param name="deferred">Where <see cref="CompressionTiming.Deferred"/> queues its work; without it the writer compresses inline.</param>
    /// <param name="metrics">Instruments to record each write into; null records nothing.</param>
    public GridWriter(GridMapHolder maps, IPeerConnector peers, MembershipTable membership, IRepairQueue repairs, CodecPool codecs, GridWriteOptions options, TimeProvider time, ILogger<GridWriter> logger, IDeferredCompressionQueue? deferred = null, GridMetrics? metrics = null)
    {
        options.Validate();
        _maps = maps;
        _peers = peers;
        _membership = membership;
        _repairs = repairs;
        _codecs = codecs;
        _options = options;
        _time = time;
        _logger = logger;
        _directory = new ManifestDirectory(peers, membership);
        _deferred = options.CompressWhen == CompressionTiming.Deferred ? deferred : null;
        _metrics = metrics;
        _unwritable = new UnwritableDisks(peers, time);
    }

    /// <summary>Stores <paramref name="request"/>; see <see cref="GridWriteStatus"/> for the outcomes.</summary>
    public async Task<GridWriteOutcome> WriteAsync(GridWriteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = _time.GetTimestamp();
        GridWriteOutcome outcome;
        using (await _sameName.EnterAsync(request.PartitionKey + "\n" + request.ObjectName, cancellationToken).ConfigureAwait(false))
        {
            outcome = await WriteOnceAsync(request, cancellationToken).ConfigureAwait(false);
        }

        // Bytes stored: a duplicate stores nothing (sweep M: its length was counted).
        var stored = outcome.Status is GridWriteStatus.Stored or GridWriteStatus.StoredNewVersion ? outcome.Manifest?.ObjectLength ?? 0 : 0;
        _metrics?.Write(StatusLabel(outcome.Status), stored, _time.GetElapsedTime(started));
        return outcome;
    }

    /// <summary>The status as metrics and the audit trail name it.</summary>
    public static string StatusLabel(GridWriteStatus status) => status switch
    {
        GridWriteStatus.Stored => "stored",
        GridWriteStatus.Duplicate => "duplicate",
        GridWriteStatus.StoredNewVersion => "stored_new_version",
        GridWriteStatus.RefusedDifferentContent => "refused_different_content",
        GridWriteStatus.QuorumNotReached => "quorum_not_reached",
        GridWriteStatus.OutOfSpace => "out_of_space",
        GridWriteStatus.DuplicateOfOlderVersion => "duplicate_of_older_version",
        GridWriteStatus.RefusedByExistingVersion => "refused_by_existing_version",
        GridWriteStatus.ContentChanged => "content_changed",
        _ => "invalid",
    };

    private async Task<GridWriteOutcome> WriteOnceAsync(GridWriteRequest request, CancellationToken cancellationToken)
    {
        if (Encoding.UTF8.GetByteCount(request.ObjectName) is 0 or > GridManifestCodec.MaxNameLength
            || Encoding.UTF8.GetByteCount(request.PartitionKey) is 0 or > GridManifestCodec.MaxNameLength
            || request.Attributes.Length > GridManifestCodec.MaxAttributesLength)
        {
            return new GridWriteOutcome(GridWriteStatus.Invalid, null, "object name, partition key or attributes over their caps");
        }

        var map = _maps.Current;
        var (sha256, length) = request.ContentSha256 is { } known
            ? (known, request.Content.Length)
            : await HashAsync(request.Content, cancellationToken).ConfigureAwait(false);
        var objectId = ObjectIdentity.ObjectIdOf(request.ObjectName);

        // The version lookup (RPCs to a majority of the catalog replicas) overlaps the coding of the first part.
        var versionsLookup = _directory.GetVersionsFromMajorityAsync(map, request.PartitionKey, objectId, cancellationToken);
        IReadOnlyList<GridManifest>? versions = null;

        var storageClass = map.FindClass(map.Policy.ClassFor(length)) ?? throw new InvalidOperationException("the map's policy names an unknown class");
        var partLength = PartLength(storageClass.DataShards, length);
        var partCount = (int)Math.Max(1, (length + partLength - 1) / partLength);
        if (partCount > GridManifestCodec.MaxParts)
        {
            await ObserveAsync(versionsLookup).ConfigureAwait(false);
            return new GridWriteOutcome(GridWriteStatus.Invalid, null, $"object of {length} bytes needs more than {GridManifestCodec.MaxParts} parts");
        }

        var header = new GridManifest(
            objectId, request.ObjectName, request.PartitionKey, length, sha256, storageClass.Name,
            storageClass.DataShards, storageClass.ParityShards, _options.BlockSize, _options.BlockChecksum,
            _time.GetUtcNow(), [], request.Attributes);

        var results = new List<PartWriteResult>(partCount);
        using var recheck = new RecheckedContent(request.RecheckContent);
        for (var p = 0; p < partCount; p++)
        {
            var offset = p * partLength;
            var partBytes = (int)Math.Min(partLength, length - offset);
            Task<EncodedPart> EncodeAsync() => EncodePartAsync(map, header, request.Content, request.Pixels, p, partCount, offset, partBytes, _options.Compress && _deferred is null, recodes: null, cancellationToken, recheck.Hasher);
            var encoded = await EncodeAsync().ConfigureAwait(false);
            try
            {
                if (versions is null)
                {
                    versions = await versionsLookup.ConfigureAwait(false);
                    var verdict = versions.Count > 0 && request.OverExisting is { } over ? over(versions) : default;
                    if (verdict.Refusal is { } refusal)
                    {
                        return new GridWriteOutcome(GridWriteStatus.RefusedByExistingVersion, versions[^1], refusal);
                    }

                    if (versions.FirstOrDefault(v => v.Sha256 == sha256) is { } same)
                    {
                        LogDuplicate(request.ObjectName);
                        return same.Sha256 == versions[^1].Sha256
                            ? new GridWriteOutcome(GridWriteStatus.Duplicate, same, "identical bytes already stored")
                            : new GridWriteOutcome(GridWriteStatus.DuplicateOfOlderVersion, same, $"identical to version {versions.TakeWhile(v => v.Sha256 != sha256).Count() + 1} of {versions.Count}; version {versions.Count} (other bytes) stays current");
                    }

                    if (versions.Count > 0 && _options.DifferentContent == VersionPolicy.RejectDifferent)
                    {
                        return new GridWriteOutcome(GridWriteStatus.RefusedDifferentContent, versions[^1], "different bytes under an existing object name are refused by policy");
                    }

                    var later = CreatedAfter(versions, header.CreatedAt);
                    if (later is not null || verdict.Attributes is not null)
                    {
                        // Rare (the same millisecond, or a clock behind the previous writer's; or attributes the versions
                        // stored decide): the first part carries the header in its shard records, so it is coded again.
                        header = header with { CreatedAt = later ?? header.CreatedAt, Attributes = verdict.Attributes ?? header.Attributes };
                        recheck.Restart(); // part 0 is read again
                        var recoded = await EncodeAsync().ConfigureAwait(false);
                        encoded.Dispose();
                        encoded = recoded;
                    }
                }

                var result = await PutPartAsync(encoded, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                if (!result.ReachedQuorum)
                {
                    await DeleteWrittenAsync(map, results, cancellationToken).ConfigureAwait(false);
                    LogQuorumMissed(request.ObjectName, p, result.Required, result.Durable, result.FailureSummary);
                    var status = result.AllFailuresWereFull ? GridWriteStatus.OutOfSpace : GridWriteStatus.QuorumNotReached;
                    return new GridWriteOutcome(status, null, $"{result.FailureSummary} (part {p}: {result.Durable} of {result.Required} required shards durable)", Brief: result.FailureBrief);
                }
            }
            finally
            {
                encoded.Dispose();
            }
        }

        versions ??= await versionsLookup.ConfigureAwait(false);
        if (recheck.Differs(sha256))
        {
            await DeleteWrittenAsync(map, results, cancellationToken).ConfigureAwait(false);
            LogContentChanged(request.ObjectName);
            return new GridWriteOutcome(GridWriteStatus.ContentChanged, null, "the bytes read to encode differ from those received (SHA-256); nothing kept");
        }

        var manifest = header with { Parts = results.Select(r => r.Part).ToArray() };
        var commit = await _directory.CommitAtQuorumAsync(map, manifest, cancellationToken).ConfigureAwait(false);
        if (!commit.ReachedQuorum)
        {
            var missed = $"manifest durable on {commit.Committed} of {commit.Required} required catalog replicas";
            var brief = $"catalog replicas {commit.Committed} of {commit.Required}";
            if (!await commit.MayBeHeld.ConfigureAwait(false))
            {
                await DeleteWrittenAsync(map, results, cancellationToken).ConfigureAwait(false);
                return new GridWriteOutcome(GridWriteStatus.QuorumNotReached, null, missed, Brief: brief);
            }

            // A replica took the manifest, or may have: deleting the shards could let a later write of the same bytes
            // find it and answer "duplicate" for an object that is gone. They stay, and what missed goes to repair, so
            // the object completes on its own; the caller still hears that this write failed.
            await QueueRepairsAsync().ConfigureAwait(false);
            LogCommitMissedShardsKept(request.ObjectName, commit.Committed, commit.Required);
            return new GridWriteOutcome(GridWriteStatus.QuorumNotReached, null, missed + "; a replica may hold it, so its shards are kept and completed by repair", Brief: brief);
        }

        await QueueRepairsAsync().ConfigureAwait(false);

        await DeferCompressionAsync(manifest, request.Pixels).ConfigureAwait(false);
        var missedShards = results.Sum(r => r.Missed.Count);
        LogStored(request.ObjectName, length, storageClass.Name, partCount, missedShards);
        return new GridWriteOutcome(versions.Count > 0 ? GridWriteStatus.StoredNewVersion : GridWriteStatus.Stored, manifest, versions.Count > 0 ? $"stored as version {versions.Count + 1}" : "stored", missedShards);

        async Task QueueRepairsAsync()
        {
            await QueueWhatMissedAsync(manifest, results.Select((r, p) => (p, r.Missed)), commit.MissedNodes, cancellationToken).ConfigureAwait(false);
            _ = QueueWhatMissesLateAsync(manifest, results.Select((r, p) => (p, r)).ToArray(), commit);
        }
    }

    /// <summary>After a commit: the shards that missed their puts and the replicas that missed the manifest go to repair at once.</summary>
    private async Task QueueWhatMissedAsync(GridManifest manifest, IEnumerable<(int Part, IReadOnlyList<int> Shards)> missedShards, IReadOnlyList<string> missedReplicas, CancellationToken cancellationToken)
    {
        foreach (var (part, shards) in missedShards.Where(m => m.Shards.Count > 0))
        {
            var item = new RepairItem(manifest.PartitionKey, manifest.ObjectName, manifest.Sha256, part, shards, manifest.TotalShards - shards.Count, RepairReason.MissedOnWrite);
            await _repairs.EnqueueAsync(item, cancellationToken).ConfigureAwait(false);
        }

        foreach (var node in missedReplicas)
        {
            await _repairs.EnqueueAsync(new RepairItem(manifest.PartitionKey, manifest.ObjectName, manifest.Sha256, -1, [], manifest.TotalShards, RepairReason.ManifestReplicaMissed, node), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After an acknowledged write: the shard puts and manifest replicas still running at the quorum are followed
    /// to their end, and any that failed go to repair like a miss seen in time. Never throws (it runs unobserved);
    /// a miss it cannot queue is found by the scrubber's anti-entropy.
    /// </summary>
    private async Task QueueWhatMissesLateAsync(GridManifest manifest, IReadOnlyList<(int Part, PartWriteResult Result)> written, ManifestCommit commit)
    {
        try
        {
            var shards = new List<(int Part, IReadOnlyList<int> Shards)>(written.Count);
            foreach (var (part, result) in written)
            {
                shards.Add((part, await result.LateMissed.ConfigureAwait(false)));
            }

            await QueueWhatMissedAsync(manifest, shards, await commit.LateMissedNodes.ConfigureAwait(false), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogLateMissNotQueued(manifest.ObjectName, e.Message);
        }
    }

    /// <summary>A failed write's shards are deleted once every put of them has ended (a delete must not overtake its put).</summary>
    private async Task DeleteWrittenAsync(GridMap map, IReadOnlyList<PartWriteResult> results, CancellationToken cancellationToken)
    {
        await Task.WhenAll(results.Select(r => r.LateMissed)).ConfigureAwait(false);
        await DeletePartsAsync(map, results.Select(r => r.Part).ToList(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The creation time a new version needs so that it sorts after every version it saw (the newest version is the
    /// one created last; a manifest keeps milliseconds, and another writer's clock may be ahead), or null when
    /// <paramref name="now"/> already does.
    /// </summary>
    private static DateTimeOffset? CreatedAfter(IReadOnlyList<GridManifest> versions, DateTimeOffset now)
    {
        if (versions.Count == 0)
        {
            return null;
        }

        var latest = versions.Max(v => v.CreatedAt.ToUnixTimeMilliseconds());
        return now.ToUnixTimeMilliseconds() > latest ? null : DateTimeOffset.FromUnixTimeMilliseconds(latest + 1);
    }

    /// <summary>Awaits a lookup whose answer is no longer needed, so its failure is not left unobserved.</summary>
    private static async Task ObserveAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // the write already has its answer
        }
    }

    /// <summary>Object bytes per part: k shards of <see cref="GridWriteOptions.PartShardBytes"/>, grown for huge objects so the manifest stays small.</summary>
    private long PartLength(int k, long objectLength)
    {
        long partLength = (long)k * _options.PartShardBytes;
        while ((objectLength + partLength - 1) / partLength > 256 && partLength < int.MaxValue / 2)
        {
            partLength *= 2;
        }

        return Math.Min(partLength, Array.MaxLength / 2);
    }

    private static async Task<(Sha256Digest Sha256, long Length)> HashAsync(Stream content, CancellationToken cancellationToken)
    {
        content.Seek(0, SeekOrigin.Begin);
        using var hasher = new ObjectHasher();
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hasher.Append(buffer.AsSpan(0, read));
            }

            var length = hasher.Length; // Finish resets it
            return (hasher.Finish(), length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static PixelRegion? RelativeRegion(PixelRegion? pixels, long partOffset, int partLength)
    {
        if (pixels is not { } region)
        {
            return null;
        }

        var start = Math.Max(region.Offset, partOffset);
        var end = Math.Min(region.Offset + region.Length, partOffset + partLength);
        var length = (end - start) & ~1L; // whole 16-bit samples only
        if ((start - region.Offset) % 2 != 0)
        {
            start++;
            length = (end - start) & ~1L;
        }

        return length >= ObjectCompressor.MinRegionLength ? new PixelRegion(start - partOffset, length, region.RowSamples) : null;
    }

    [LoggerMessage(EventId = 2009, Level = LogLevel.Critical, Message = "Write of {ObjectName} refused: the bytes read back from its spool to encode differ from those received (SHA-256); its shards were deleted and the sender is told to send it again")]
    private partial void LogContentChanged(string objectName);

    /// <summary>
    /// The hash of the bytes a write encodes, when it checks them against the digest taken as they arrived
    /// (<see cref="GridWriteRequest.RecheckContent"/>); inert otherwise.
    /// </summary>
    private sealed class RecheckedContent(bool enabled) : IDisposable
    {
        public ObjectHasher? Hasher { get; private set; } = enabled ? new ObjectHasher() : null;

        /// <summary>Starts over (the first part is encoded again).</summary>
        public void Restart()
        {
            if (Hasher is not null)
            {
                Hasher.Dispose();
                Hasher = new ObjectHasher();
            }
        }

        public bool Differs(Sha256Digest received) => Hasher is not null && Hasher.Finish() != received;

        public void Dispose() => Hasher?.Dispose();
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Stored object {ObjectName}: {Length} bytes, class {StorageClass}, {Parts} part(s), {Missed} shard(s) queued for repair")]
    private partial void LogStored(string objectName, long length, string storageClass, int parts, int missed);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Object {ObjectName} already stored with identical bytes")]
    private partial void LogDuplicate(string objectName);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Write of {ObjectName} failed: part {Part} could not have the {Required} durable shards it needs ({Durable} were when that was known): {Failures}")]
    private partial void LogQuorumMissed(string objectName, int part, int required, int durable, string failures);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Shards or replicas of {ObjectName} that failed after its quorum were not queued for repair ({Reason}); anti-entropy will find them")]
    private partial void LogLateMissNotQueued(string objectName, string reason);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Write of {ObjectName} failed: manifest on {Committed} of {Required} required catalog replicas; a replica may hold it, so its shards are kept and what missed is queued for repair")]
    private partial void LogCommitMissedShardsKept(string objectName, int committed, int required);
}
