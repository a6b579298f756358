using Archive.Grid.Objects;
using Archive.Storage.Primitives;

namespace Archive.Grid.Manifests;

/// <summary>
/// Tells the two legal replacements of a committed manifest version from anything else: a placement
/// update (repair moved shards; same object, same SHA-256, same parts, only shard locations differ)
/// and a deferred compression (uncompressed parts replaced by their compressed re-encoding, a one-way
/// change). Replicas replace a held version only by these, so no other field ever changes. Pure.
/// </summary>
public static class ManifestPlacement
{
    /// <summary>
    /// True when <paramref name="incoming"/> is <paramref name="held"/> with some shard locations
    /// changed and nothing else; false when equal in placement or different in any other field.
    /// </summary>
    public static bool IsPlacementUpdate(GridManifest held, GridManifest incoming)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(incoming);
        if (!SameVersion(held, incoming))
        {
            return false;
        }

        var moved = false;
        for (var p = 0; p < held.Parts.Count; p++)
        {
            ObjectPart a = held.Parts[p], b = incoming.Parts[p];
            if (a.StorageKey != b.StorageKey || a.ObjectOffset != b.ObjectOffset || a.Length != b.Length || a.StoredLength != b.StoredLength
                || a.Compressed != b.Compressed || a.Shards.Count != b.Shards.Count)
            {
                return false;
            }

            moved |= !a.Shards.SequenceEqual(b.Shards);
        }

        return moved;
    }

    /// <summary>
    /// True when <paramref name="incoming"/> is <paramref name="held"/> with at least one uncompressed
    /// part replaced by its compressed re-encoding (<see cref="ObjectIdentity.CompressedPartVersion"/>)
    /// and every other part unchanged. The change only goes one way, so replicas converge.
    /// </summary>
    public static bool IsDeferredCompression(GridManifest held, GridManifest incoming)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(incoming);
        if (!SameVersion(held, incoming))
        {
            return false;
        }

        var recoded = false;
        for (var p = 0; p < held.Parts.Count; p++)
        {
            ObjectPart a = held.Parts[p], b = incoming.Parts[p];
            if (a.ObjectOffset != b.ObjectOffset || a.Length != b.Length)
            {
                return false;
            }

            if (a.StorageKey == b.StorageKey && a.Compressed == b.Compressed && a.StoredLength == b.StoredLength && a.Shards.SequenceEqual(b.Shards))
            {
                continue;
            }

            if (a.Compressed || a.StorageKey.Version == ObjectIdentity.CompressedPartVersion || !b.Compressed
                || b.StorageKey != new ObjectKey(a.StorageKey.Id, ObjectIdentity.CompressedPartVersion))
            {
                return false;
            }

            recoded = true;
        }

        return recoded;
    }

    /// <summary>How far deferred compression has gone in a manifest: among copies of one version, the higher wins.</summary>
    public static int CompressedParts(GridManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Parts.Count(p => p.StorageKey.Version == ObjectIdentity.CompressedPartVersion);
    }

    private static bool SameVersion(GridManifest held, GridManifest incoming) =>
        held.ObjectId == incoming.ObjectId && held.ObjectName == incoming.ObjectName && held.PartitionKey == incoming.PartitionKey
        && held.ObjectLength == incoming.ObjectLength && held.Sha256 == incoming.Sha256 && held.StorageClass == incoming.StorageClass
        && held.DataShards == incoming.DataShards && held.ParityShards == incoming.ParityShards && held.BlockSize == incoming.BlockSize
        && held.Checksum == incoming.Checksum && held.CreatedAt == incoming.CreatedAt && held.Parts.Count == incoming.Parts.Count
        && held.Attributes.Span.SequenceEqual(incoming.Attributes.Span);
}
