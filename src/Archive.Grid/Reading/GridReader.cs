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
using Archive.Grid.Repair;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Reading;

/// <summary>
/// Reads objects back from the grid (DESIGN.md §4): looks the manifest up on the partition's
/// replicas, then per part reads k shards preferring data shards (no decoding), verifying every
/// block; reconstructs from parity on any missing, slow (hedged) or corrupt shard; reports bad
/// shards to repair; decompresses; and verifies the SHA-256 of the whole object. Thread-safe.
/// </summary>
public sealed partial class GridReader
{
    private readonly GridMapHolder _maps;
    private readonly IPeerConnector _peers;
    private readonly MembershipTable _membership;
    private readonly IRepairQueue _repairs;
    private readonly CodecPool _codecs;
    private readonly GridReadOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GridReader> _logger;
    private readonly ManifestDirectory _directory;
    private readonly GridMetrics? _metrics;

    public GridReader(GridMapHolder maps, IPeerConnector peers, MembershipTable membership, IRepairQueue repairs, CodecPool codecs, GridReadOptions options, TimeProvider time, ILogger<GridReader> logger, GridMetrics? metrics = null)
    {
        _metrics = metrics;
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
    }

    /// <summary>
    /// The manifest of the newest version of <paramref name="objectName"/>, or of the version
    /// with <paramref name="version"/> when given; null when no reachable replica knows it.
    /// </summary>
    public async Task<GridManifest?> FindAsync(string partitionKey, string objectName, Sha256Digest? version = null, CancellationToken cancellationToken = default)
    {
        var versions = await _directory.GetVersionsAsync(_maps.Current, partitionKey, ObjectIdentity.ObjectIdOf(objectName), cancellationToken).ConfigureAwait(false);
        return version is { } sha ? versions.FirstOrDefault(v => v.Sha256 == sha) : versions.LastOrDefault();
    }

    /// <summary>Reads the newest (or the given) version into <paramref name="destination"/>.</summary>
    public async Task<GridReadOutcome> ReadAsync(string partitionKey, string objectName, Stream destination, Sha256Digest? version = null, CancellationToken cancellationToken = default)
    {
        var manifest = await FindAsync(partitionKey, objectName, version, cancellationToken).ConfigureAwait(false);
        return manifest is null
            ? new GridReadOutcome(GridReadStatus.NotFound, null, "no reachable catalog replica knows this object")
            : await ReadAsync(manifest, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the object <paramref name="manifest"/> describes into <paramref name="destination"/>.</summary>
    public async Task<GridReadOutcome> ReadAsync(GridManifest manifest, Stream destination, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        var outcome = await ReadVerifiedAsync(manifest, destination, cancellationToken).ConfigureAwait(false);
        _metrics?.Read(StatusLabel(outcome.Status), outcome.IsSuccess ? manifest.ObjectLength : 0, outcome.DegradedParts, _time.GetElapsedTime(started));
        return outcome;
    }

    /// <summary>The status as metrics and the audit trail name it.</summary>
    public static string StatusLabel(GridReadStatus status) => status switch
    {
        GridReadStatus.Ok => "ok",
        GridReadStatus.NotFound => "not_found",
        GridReadStatus.Unrecoverable => "unrecoverable",
        _ => "fixity_mismatch",
    };

    private async Task<GridReadOutcome> ReadVerifiedAsync(GridManifest manifest, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(destination);
        var map = _maps.Current;
        using var hasher = new ObjectHasher();
        var degraded = 0;
        for (var p = 0; p < manifest.Parts.Count; p++)
        {
            var part = manifest.Parts[p];
            var bytes = ArrayPool<byte>.Shared.Rent((int)Math.Max(1, part.Length));
            try
            {
                var result = await ReadPartAsync(map, manifest, p, bytes.AsMemory(0, (int)part.Length), cancellationToken).ConfigureAwait(false);
                if (!result.Ok)
                {
                    LogUnrecoverable(manifest.ObjectName, p, result.Good, manifest.DataShards, result.Failures);
                    return new GridReadOutcome(GridReadStatus.Unrecoverable, manifest, $"part {p}: only {result.Good} of the {manifest.DataShards} shards needed could be read ({result.Failures})", degraded);
                }

                degraded += result.Degraded ? 1 : 0;
                hasher.Append(bytes.AsSpan(0, (int)part.Length));
                await destination.WriteAsync(bytes.AsMemory(0, (int)part.Length), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }

        if (hasher.Finish() != manifest.Sha256)
        {
            LogFixityMismatch(manifest.ObjectName);
            return new GridReadOutcome(GridReadStatus.FixityMismatch, manifest, "rebuilt bytes do not match the stored SHA-256", degraded);
        }

        return new GridReadOutcome(GridReadStatus.Ok, manifest, degraded > 0 ? $"read with reconstruction in {degraded} part(s)" : "read", degraded);
    }

    /// <summary>Restores the part's object bytes into <paramref name="destination"/> (exactly the part's length).</summary>
    private async Task<PartReadResult> ReadPartAsync(GridMap map, GridManifest manifest, int partIndex, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var part = manifest.Parts[partIndex];
        int k = manifest.DataShards, total = manifest.TotalShards;
        var layout = new StripeLayout(k, manifest.BlockSize);
        var shardLength = checked((int)layout.ShardLength(part.StoredLength));
        using var shards = new ShardSet(total, shardLength);
        var fetch = await new ShardFetch(_peers, _membership, _options, _time, map, part, shards, k).RunAsync(cancellationToken).ConfigureAwait(false);
        if (fetch.Bad.Count > 0)
        {
            await _repairs.EnqueueAsync(new RepairItem(manifest.PartitionKey, manifest.ObjectName, manifest.Sha256, partIndex, fetch.Bad, total - fetch.Bad.Count, RepairReason.BadOnRead), cancellationToken).ConfigureAwait(false);
        }

        if (fetch.Good < k)
        {
            return new PartReadResult(false, fetch.Good, true, fetch.Failures);
        }

        var degraded = !fetch.Present.AsSpan(0, k).ToArray().All(p => p);
        if (degraded)
        {
            var buffers = Enumerable.Range(0, total).Select(shards.Shard).ToArray();
            var reconstructStarted = _time.GetTimestamp();
            var rebuilt = _codecs.ReedSolomon(k, manifest.ParityShards).TryReconstruct(buffers, fetch.Present, dataOnly: true);
            _metrics?.Codec(GridMetrics.CodecReconstruct, "read", rebuilt ? (long)fetch.Present.AsSpan(0, k).Count(false) * shardLength : 0, _time.GetElapsedTime(reconstructStarted));
            if (!rebuilt)
            {
                return new PartReadResult(false, fetch.Good, true, fetch.Failures);
            }
        }

        if (!part.Compressed)
        {
            StripeShuffle.Gather(shards, layout, destination.Span);
            return new PartReadResult(true, fetch.Good, degraded, fetch.Failures);
        }

        var stored = ArrayPool<byte>.Shared.Rent((int)Math.Max(1, part.StoredLength));
        var compressor = _codecs.RentCompressor();
        try
        {
            StripeShuffle.Gather(shards, layout, stored.AsSpan(0, (int)part.StoredLength));
            var restored = compressor.Decompress(stored.AsSpan(0, (int)part.StoredLength), destination.Span);
            return restored == part.Length
                ? new PartReadResult(true, fetch.Good, degraded, fetch.Failures)
                : new PartReadResult(false, fetch.Good, degraded, "decompressed length differs from the manifest");
        }
        catch (InvalidDataException e)
        {
            return new PartReadResult(false, fetch.Good, degraded, "stored container does not decompress: " + e.Message);
        }
        finally
        {
            _codecs.Return(compressor);
            ArrayPool<byte>.Shared.Return(stored);
        }
    }

    private sealed record PartReadResult(bool Ok, int Good, bool Degraded, string Failures);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Error, Message = "Object {ObjectName} part {Part} cannot be rebuilt: {Good} good shards, {K} needed; failed reads: {Failures}")]
    private partial void LogUnrecoverable(string objectName, int part, int good, int k, string failures);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Critical, Message = "Object {ObjectName}: rebuilt bytes do not match the stored SHA-256")]
    private partial void LogFixityMismatch(string objectName);
}
