using Archive.Codec.Compression;
using Archive.Grid.Manifests;

namespace Archive.Grid.Writing;

/// <summary>When the writer compresses: before the acknowledgement, or after it in the background.</summary>
public enum CompressionTiming
{
    /// <summary>Each part is compressed before its shards are written (the acknowledgement waits for zstd).</summary>
    Inline = 1,

    /// <summary>
    /// Parts are written as they came and acknowledged; the node then re-encodes compressible parts in
    /// the background (<see cref="GridWriter.CompressDeferredAsync"/>), commits the compressed manifest
    /// and, after a grace period, deletes the uncompressed shards. Redundancy never drops: the new shards
    /// are durable and the manifest committed before the old ones go.
    /// </summary>
    Deferred = 2,
}

/// <summary>The two steps of deferred compression. Persisted: explicit values, never renumber.</summary>
public enum DeferredStep : byte
{
    /// <summary>Re-encode the uncompressed parts of <see cref="DeferredCompressionItem.Manifest"/> compressed.</summary>
    Compress = 1,

    /// <summary>Delete the shards of <see cref="DeferredCompressionItem.Manifest"/> that the committed manifest no longer uses.</summary>
    DeleteReplaced = 2,
}

/// <summary>One step of deferred compression for one object version, due at <paramref name="Due"/>.</summary>
/// <param name="Pixels">Where 16-bit pixel data lies in the object, for the byte-plane transform.</param>
public sealed record DeferredCompressionItem(DeferredStep Step, DateTimeOffset Due, GridManifest Manifest, PixelRegion? Pixels);

/// <summary>
/// The node's queue of deferred compression steps. An enqueue need not be synced: a step lost in a
/// crash leaves a readable, fully redundant object that is merely uncompressed (or old shards that
/// anti-entropy removes). Thread-safe.
/// </summary>
public interface IDeferredCompressionQueue
{
    ValueTask EnqueueAsync(DeferredCompressionItem item, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> items due at or before <paramref name="now"/>, earliest first.</summary>
    ValueTask<IReadOnlyList<DeferredCompressionItem>> PeekDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    ValueTask CompleteAsync(DeferredCompressionItem item, CancellationToken cancellationToken = default);

    long Count { get; }
}
