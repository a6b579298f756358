using Archive.Codec.Framing;

namespace Archive.Grid.Writing;

/// <summary>How the writer cuts, codes and acknowledges. Validated at start-up.</summary>
public sealed record GridWriteOptions
{
    /// <summary>Bytes of one shard of one part: a part holds k × this many object bytes, bounding memory per write.</summary>
    public int PartShardBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Payload bytes per checksummed block inside a shard.</summary>
    public int BlockSize { get; init; } = 256 * 1024;

    public ChecksumAlgorithm BlockChecksum { get; init; } = ChecksumAlgorithm.XxHash3_64;

    /// <summary>Durable shards needed beyond k before a write is acknowledged (DESIGN.md §4: k + 1).</summary>
    public int ExtraDurableShards { get; init; } = 1;

    /// <summary>Compress parts with zstd when it saves more than 10%.</summary>
    public bool Compress { get; init; } = true;

    /// <summary>Before the acknowledgement, or in the background after it (needs a deferred-compression queue).</summary>
    public CompressionTiming CompressWhen { get; init; } = CompressionTiming.Inline;

    /// <summary>Deferred compression of an object starts this long after it was stored, so a burst of ingest finishes first.</summary>
    public TimeSpan DeferredCompressionDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Replaced uncompressed shards are deleted this long after the compressed manifest is committed (readers holding the old manifest finish).</summary>
    public TimeSpan ReplacedShardGrace { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Deadline of one shard put; a slower target counts as missed.</summary>
    public TimeSpan PutTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>What a second, different object with the same name becomes.</summary>
    public VersionPolicy DifferentContent { get; init; } = VersionPolicy.KeepBoth;

    public void Validate()
    {
        if (PartShardBytes < 64 * 1024 || BlockSize < 4096 || BlockSize > PartShardBytes || ExtraDurableShards < 0 || PutTimeout <= TimeSpan.Zero
            || !Enum.IsDefined(CompressWhen) || DeferredCompressionDelay < TimeSpan.Zero || ReplacedShardGrace < TimeSpan.Zero)
        {
            throw new ArgumentException("grid write options out of range: PartShardBytes ≥ 64 KiB, 4 KiB ≤ BlockSize ≤ PartShardBytes, ExtraDurableShards ≥ 0, PutTimeout > 0, CompressWhen Inline or Deferred, delays ≥ 0");
        }
    }
}

/// <summary>What to do when an object arrives again with different bytes. Never drops data silently.</summary>
public enum VersionPolicy
{
    /// <summary>Keep the new bytes as a new version; the old one stays (a warning for the sender).</summary>
    KeepBoth = 1,

    /// <summary>Refuse the new bytes; the old version stays the only one.</summary>
    RejectDifferent = 2,
}
