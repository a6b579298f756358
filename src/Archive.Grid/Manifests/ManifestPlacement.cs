namespace Archive.Grid.Manifests;

/// <summary>
/// Tells a placement update of a manifest version (repair moved shards; same object, same
/// SHA-256, same parts, only shard locations differ) from anything else. Replicas replace a held
/// version only by such an update, so no other field of a committed version ever changes. Pure.
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
        if (held.ObjectId != incoming.ObjectId || held.ObjectName != incoming.ObjectName || held.PartitionKey != incoming.PartitionKey
            || held.ObjectLength != incoming.ObjectLength || held.Sha256 != incoming.Sha256 || held.StorageClass != incoming.StorageClass
            || held.DataShards != incoming.DataShards || held.ParityShards != incoming.ParityShards || held.BlockSize != incoming.BlockSize
            || held.Checksum != incoming.Checksum || held.CreatedAt != incoming.CreatedAt || held.Parts.Count != incoming.Parts.Count
            || !held.Attributes.Span.SequenceEqual(incoming.Attributes.Span))
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
}
