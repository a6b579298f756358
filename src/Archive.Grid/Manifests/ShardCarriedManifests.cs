using Archive.Storage.Primitives;
using Archive.Storage.Records;

namespace Archive.Grid.Manifests;

/// <summary>
/// When a manifest's own synced write can be skipped: every shard record carries its part's descriptor, so for a
/// single-part object each shard durably holds the whole manifest. If one of its shards is already durable on the
/// node that replicates the manifest (every node of a six-node ec-4-2 grid holds one; a single node holds them all),
/// that node's shard group commit already made the manifest durable there, and the replica may write it unsynced:
/// after an unclean stop the node re-reads its recent shard records (<see cref="Assemble"/>) and puts back any
/// manifest of a partition it replicates that the database lost. This saves one sync latency per acknowledged
/// object. Anything else (several parts, no durable shard here yet, placement changes, replacements) is written
/// synced as before. The same records also restore a database older than the disks, or a new empty one
/// (<see cref="Assemble"/>: larger objects from their parts' descriptors).
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

    /// <summary>
    /// The whole manifests that shard records describe between them: a single-part object's from any of its records, a
    /// larger object's from the descriptors its parts' records carry, once every part is among them. Of several records
    /// of one version and part the latest (highest sequence) wins, as a shard repaired or moved since carries the
    /// placement committed after it. Parts never mix two encodings of one version (deferred compression): the newest
    /// encoding with every part present is taken. Records whose descriptor does not name their own key are ignored.
    /// </summary>
    public static IReadOnlyList<GridManifest> Assemble(IEnumerable<(ShardKey Key, ObjectManifest Record, ulong Sequence)> records)
    {
        ArgumentNullException.ThrowIfNull(records);

        // Only the latest descriptor of each part of each encoding is kept while the records stream by (a replay over
        // whole disks sees every shard of every object).
        var latest = new Dictionary<(ObjectId Id, Codec.Fixity.Sha256Digest Sha256, Encoding Encoding, int Part), (DecodedManifest Descriptor, ulong Sequence)>();
        foreach (var (key, record, sequence) in records)
        {
            if (TryDecode(record) is { Manifest.Parts: [var part] } descriptor && part.StorageKey == key.Object && descriptor.FirstPartIndex < descriptor.TotalParts)
            {
                var slot = (descriptor.Manifest.ObjectId, descriptor.Manifest.Sha256, EncodingOf(descriptor), descriptor.FirstPartIndex);
                if (!latest.TryGetValue(slot, out var held) || held.Sequence < sequence)
                {
                    latest[slot] = (descriptor, sequence);
                }
            }
        }

        var whole = new List<GridManifest>();
        foreach (var version in latest.GroupBy(e => (e.Key.Id, e.Key.Sha256)))
        {
            var complete = version
                .GroupBy(e => e.Key.Encoding)
                .OrderByDescending(encoding => encoding.Max(e => e.Value.Sequence))
                .Select(encoding => WholeOrNull(encoding.Select(e => e.Value.Descriptor).ToArray(), encoding.MaxBy(e => e.Value.Sequence).Value.Descriptor))
                .FirstOrDefault(m => m is not null);
            if (complete is not null)
            {
                whole.Add(complete);
            }
        }

        return whole;
    }

    /// <summary>One encoding's manifest from the latest descriptor of each of its parts; null while a part has none.</summary>
    private static GridManifest? WholeOrNull(IReadOnlyList<DecodedManifest> parts, DecodedManifest newest) =>
        parts.Count == newest.TotalParts
            ? newest.Manifest with { Parts = parts.OrderBy(p => p.FirstPartIndex).Select(p => p.Manifest.Parts[0]).ToArray() }
            : null;

    /// <summary>What two writes of one version must share for their parts to make one manifest.</summary>
    private readonly record struct Encoding(int TotalParts, DateTimeOffset CreatedAt, string StorageClass, int DataShards, int ParityShards, int BlockSize, Codec.Framing.ChecksumAlgorithm Checksum);

    private static Encoding EncodingOf(DecodedManifest d) =>
        new(d.TotalParts, d.Manifest.CreatedAt, d.Manifest.StorageClass, d.Manifest.DataShards, d.Manifest.ParityShards, d.Manifest.BlockSize, d.Manifest.Checksum);

    private static DecodedManifest? TryDecode(ObjectManifest record)
    {
        try
        {
            return GridManifestCodec.DecodeAny(record.Attributes);
        }
        catch (GridManifestFormatException)
        {
            return null;
        }
    }
}
