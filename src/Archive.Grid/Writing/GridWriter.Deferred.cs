using Archive.Codec.Compression;
using Archive.Grid.Manifests;
using Archive.Grid.Objects;
using Archive.Storage.Primitives;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Writing;

/// <summary>What one deferred compression of an object version came to.</summary>
public enum DeferredCompressionOutcome
{
    /// <summary>The compressed manifest is committed; the replaced shards may go after the grace period.</summary>
    Compressed = 1,

    /// <summary>No part compresses usefully (or every part already is): the object stays as it is.</summary>
    NotWorthIt = 2,

    /// <summary>The new shards or the manifest missed their quorum; nothing changed for readers, try again later.</summary>
    Retry = 3,
}

public sealed partial class GridWriter
{
    /// <summary>
    /// Queues the background compression of a version just stored uncompressed (deferred timing only).
    /// Best effort: a failure here leaves a durable, readable object that is merely not compressed.
    /// </summary>
    private async Task DeferCompressionAsync(GridManifest manifest, PixelRegion? pixels)
    {
        if (_deferred is null || !_options.Compress || manifest.ObjectLength < ObjectCompressor.MinRegionLength)
        {
            return;
        }

        try
        {
            await _deferred.EnqueueAsync(new DeferredCompressionItem(DeferredStep.Compress, _time.GetUtcNow() + _options.DeferredCompressionDelay, manifest, pixels)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDeferralFailed(manifest.ObjectName, e.Message);
        }
    }

    /// <summary>
    /// Re-encodes the uncompressed parts of <paramref name="stored"/> (whose exact bytes, already
    /// verified against its SHA-256, are in <paramref name="content"/>) compressed, puts their shards under
    /// <see cref="ObjectIdentity.RecodedPartKey"/> (the stored part's id, a version naming the re-encoding) and commits the manifest that uses them, compare-and-set against
    /// <paramref name="stored"/> (a replica whose copy a mover changed meanwhile refuses). On a missed quorum nothing is
    /// deleted: the new shards are identical on a retry (same bytes, same placement, unless a disk's health changed
    /// meanwhile, which can leave a shard of the first attempt unreferenced).
    /// </summary>
    public async Task<(DeferredCompressionOutcome Outcome, GridManifest Manifest)> CompressDeferredAsync(GridManifest stored, Stream content, PixelRegion? pixels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(content);
        var map = _maps.Current;
        var parts = stored.Parts.ToArray();
        var written = new List<(int Part, PartWriteResult Result)>();
        for (var p = 0; p < parts.Length; p++)
        {
            var part = parts[p];
            if (part.Compressed || ObjectIdentity.IsRecoded(part.StorageKey))
            {
                continue;
            }

            using var encoded = await EncodePartAsync(map, stored, content, pixels, p, parts.Length, part.ObjectOffset, (int)part.Length, compress: true, recodes: part.StorageKey, cancellationToken).ConfigureAwait(false);
            if (!encoded.Part.Compressed)
            {
                continue;
            }

            var result = await PutPartAsync(encoded, cancellationToken).ConfigureAwait(false);
            if (!result.ReachedQuorum)
            {
                return (DeferredCompressionOutcome.Retry, stored);
            }

            parts[p] = result.Part;
            written.Add((p, result));
        }

        if (written.Count == 0)
        {
            return (DeferredCompressionOutcome.NotWorthIt, stored);
        }

        var compressed = stored with { Parts = parts };
        var commit = await _directory.CompressAsync(map, stored, compressed, cancellationToken).ConfigureAwait(false);
        if (!commit.ReachedQuorum)
        {
            return (DeferredCompressionOutcome.Retry, stored);
        }

        await QueueWhatMissedAsync(compressed, written.Select(w => (w.Part, w.Result.Missed)), commit.MissedNodes, cancellationToken).ConfigureAwait(false);
        _ = QueueWhatMissesLateAsync(compressed, written, commit);

        LogCompressedDeferred(stored.ObjectName, stored.Parts.Sum(x => x.StoredLength), parts.Sum(x => x.StoredLength));
        return (DeferredCompressionOutcome.Compressed, compressed);
    }

    /// <summary>Deletes the shards of <paramref name="replaced"/>'s parts that <paramref name="current"/> no longer uses.</summary>
    public Task DeleteReplacedPartsAsync(GridManifest replaced, GridManifest current, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(replaced);
        ArgumentNullException.ThrowIfNull(current);
        var inUse = current.Parts.Select(p => p.StorageKey).ToHashSet();
        return DeletePartsAsync(_maps.Current, replaced.Parts.Where(p => !inUse.Contains(p.StorageKey)).ToList(), cancellationToken);
    }

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Deferred compression of {ObjectName} not queued: {Reason} (the object stays uncompressed)")]
    private partial void LogDeferralFailed(string objectName, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "Compressed {ObjectName} in the background: {Before} -> {After} stored bytes")]
    private partial void LogCompressedDeferred(string objectName, long before, long after);
}
