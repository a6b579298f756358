using Archive.Storage.Primitives;
using Archive.Storage.Records;

namespace Archive.Grid.Manifests;

/// <summary>
/// When a manifest's own synced write can be skipped: every shard record carries its part's descriptor, so for a
/// single-part object each shard durably holds the whole manifest. If one of its shards is already durable on the
/// node that replicates the manifest (every node of a six-node ec-4-2 grid holds one; a single node holds them all),
/// that node's shard group commit already made the manifest durable there, and the replica may write it unsynced:
/// after an unclean stop the node re-reads its recent shard records (<see cref="FromShardRecord"/>) and puts back any
/// manifest of a partition it replicates that the database lost. This saves one sync latency per acknowledged
/// object. Anything else (several parts, no durable shard here yet, placement changes, replacements) is written
/// synced as before.
/// </summary>
public static class ShardCarriedManifests
{
    /// <summary>
    /// A new manifest is written unsynced only this soon after its object's shards were stamped (it was created
    /// before them): the replay after a crash reaches back <see cref="ReplayReach"/>, which must cover the gap.
    /// </summary>
    public static readonly TimeSpan CommitWindow = TimeSpan.FromMinutes(1);

    /// <summary>How far before the last durable checkpoint the replay re-reads shard records.</summary>
    public static readonly TimeSpan ReplayReach = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Whether <paramref name="manifest"/>, new to the replica on <paramref name="nodeId"/>, may be written unsynced at
    /// <paramref name="now"/>: a single part, created within <see cref="CommitWindow"/>, with a shard placed on this node
    /// that <paramref name="holdsDurably"/> (the node's shard index, which names only records its group commit synced).
    /// </summary>
    public static bool MayWriteUnsynced(GridManifest manifest, string nodeId, DateTimeOffset now, Func<ShardKey, bool> holdsDurably)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(holdsDurably);
        if (manifest.Parts.Count != 1 || now - manifest.CreatedAt >= CommitWindow || now < manifest.CreatedAt)
        {
            return false;
        }

        var part = manifest.Parts[0];
        for (var i = 0; i < part.Shards.Count; i++)
        {
            if (part.Shards[i].NodeId == nodeId && holdsDurably(new ShardKey(part.StorageKey, (ushort)i)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The whole manifest a shard record carries, or null for a part of a larger object or an unreadable descriptor.</summary>
    public static GridManifest? FromShardRecord(ObjectManifest record)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            var decoded = GridManifestCodec.DecodeAny(record.Attributes);
            return decoded.FirstPartIndex == 0 && decoded.TotalParts == 1 && decoded.Manifest.Parts.Count == 1 ? decoded.Manifest : null;
        }
        catch (GridManifestFormatException)
        {
            return null;
        }
    }
}
