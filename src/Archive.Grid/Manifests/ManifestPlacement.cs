using Archive.Grid.Objects;
using Archive.Storage.Primitives;

namespace Archive.Grid.Manifests;

/// <summary>
/// Tells the two legal replacements of a committed manifest version from anything else: a placement
/// update (repair or rebalancing moved shards; same object, same SHA-256, same parts, only shard
/// locations differ) and a deferred compression (uncompressed parts replaced by their compressed
/// re-encoding, a one-way change). Replicas replace a held version only by these, so no other field
/// ever changes; <see cref="Decide"/> is the one rule every replica applies. Pure.
/// </summary>
public static class ManifestPlacement
{
    /// <summary>
    /// What a replica holding <paramref name="held"/> (null: nothing) does with a put of
    /// <paramref name="incoming"/>. Without <paramref name="replaces"/> a placement update or a
    /// deferred compression replaces the held copy and anything else keeps it (idempotent put of a
    /// version). With <paramref name="replaces"/>, the manifest the mover started from, the put is a
    /// compare-and-set per shard: each shard location that differs between <paramref name="replaces"/>
    /// and <paramref name="incoming"/> is taken only where the held copy still has the old location
    /// (or already the new one), so two movers of different shards of one part both land, and a
    /// mover whose shard was moved (or whose part was re-encoded) meanwhile is refused rather than
    /// pointing the manifest back at a shard that may be deleted. A deferred compression with
    /// <paramref name="replaces"/> is a compare-and-set of the whole copy: taken only where the held copy is still
    /// <paramref name="replaces"/> (or already <paramref name="incoming"/>).
    /// </summary>
    public static ManifestPut Decide(GridManifest? held, GridManifest incoming, GridManifest? replaces = null)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        if (held is null)
        {
            return new ManifestPut(ManifestPutAction.Store, incoming);
        }

        if (replaces is null)
        {
            return IsPlacementUpdate(held, incoming) || IsDeferredCompression(held, incoming)
                ? new ManifestPut(ManifestPutAction.Store, incoming)
                : new ManifestPut(ManifestPutAction.Keep, held);
        }

        if (IsDeferredCompression(replaces, incoming))
        {
            // Compare-and-set against the copy the compressor read: where a mover (or another compressor) changed it
            // meanwhile the put is refused, so the compressor retries from what is there now and the shards it replaces
            // are deleted where the manifest last placed them, never left behind unnamed (nor still named).
            return SameVersion(held, incoming) && SameParts(held, incoming) ? new ManifestPut(ManifestPutAction.Keep, held)
                : SameVersion(held, replaces) && SameParts(held, replaces) ? new ManifestPut(ManifestPutAction.Store, incoming)
                : new ManifestPut(ManifestPutAction.Refuse, held);
        }

        if (!IsPlacementUpdate(replaces, incoming) || !SameVersion(held, replaces))
        {
            return new ManifestPut(ManifestPutAction.Refuse, held);
        }

        var parts = held.Parts.ToArray();
        var changed = false;
        for (var p = 0; p < parts.Length; p++)
        {
            ObjectPart from = replaces.Parts[p], to = incoming.Parts[p];
            if (from.Shards.SequenceEqual(to.Shards))
            {
                continue;
            }

            if (parts[p].StorageKey != from.StorageKey || parts[p].Shards.Count != from.Shards.Count)
            {
                return new ManifestPut(ManifestPutAction.Refuse, held); // the part was re-encoded since the mover read it
            }

            var shards = parts[p].Shards.ToArray();
            for (var s = 0; s < shards.Length; s++)
            {
                if (from.Shards[s] == to.Shards[s] || shards[s] == to.Shards[s])
                {
                    continue;
                }

                if (shards[s] != from.Shards[s])
                {
                    return new ManifestPut(ManifestPutAction.Refuse, held); // someone else moved this shard first
                }

                shards[s] = to.Shards[s];
                changed = true;
            }

            parts[p] = parts[p] with { Shards = shards };
        }

        return changed ? new ManifestPut(ManifestPutAction.Store, held with { Parts = parts }) : new ManifestPut(ManifestPutAction.Keep, held);
    }

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
    /// part replaced by its compressed re-encoding (<see cref="ObjectIdentity.RecodedPartKey"/>)
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

            if (a.Compressed || ObjectIdentity.IsRecoded(a.StorageKey) || !b.Compressed
                || b.StorageKey.Id != a.StorageKey.Id || !ObjectIdentity.IsRecoded(b.StorageKey))
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
        return manifest.Parts.Count(p => ObjectIdentity.IsRecoded(p.StorageKey));
    }

    /// <summary>The same parts: keys, extents, compression and every shard location.</summary>
    private static bool SameParts(GridManifest a, GridManifest b) =>
        a.Parts.Count == b.Parts.Count && a.Parts.Zip(b.Parts).All(x =>
            x.First.StorageKey == x.Second.StorageKey && x.First.ObjectOffset == x.Second.ObjectOffset && x.First.Length == x.Second.Length
            && x.First.StoredLength == x.Second.StoredLength && x.First.Compressed == x.Second.Compressed && x.First.Shards.SequenceEqual(x.Second.Shards));

    private static bool SameVersion(GridManifest held, GridManifest incoming) =>
        held.ObjectId == incoming.ObjectId && held.ObjectName == incoming.ObjectName && held.PartitionKey == incoming.PartitionKey
        && held.ObjectLength == incoming.ObjectLength && held.Sha256 == incoming.Sha256 && held.StorageClass == incoming.StorageClass
        && held.DataShards == incoming.DataShards && held.ParityShards == incoming.ParityShards && held.BlockSize == incoming.BlockSize
        && held.Checksum == incoming.Checksum && held.CreatedAt == incoming.CreatedAt && held.Parts.Count == incoming.Parts.Count
        && held.Attributes.Span.SequenceEqual(incoming.Attributes.Span);
}

/// <summary>What a replica does with a manifest put (<see cref="ManifestPlacement.Decide"/>).</summary>
public enum ManifestPutAction
{
    /// <summary>Write <see cref="ManifestPut.Result"/>: a new version, or the held one with changes applied.</summary>
    Store,

    /// <summary>Nothing to write; the put succeeds (the held copy already says it).</summary>
    Keep,

    /// <summary>The put conflicts with what is held and fails.</summary>
    Refuse,
}

/// <summary>A replica's decision on a put and the manifest it then holds.</summary>
public readonly record struct ManifestPut(ManifestPutAction Action, GridManifest Result)
{
    /// <summary>True when the put succeeds (stored or already held).</summary>
    public bool Accepted => Action != ManifestPutAction.Refuse;
}
