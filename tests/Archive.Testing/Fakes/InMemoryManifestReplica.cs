using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Archive.Grid.Manifests;
using Archive.Grid.Peers;
using Archive.Storage.Primitives;

namespace Archive.Testing.Fakes;

/// <summary>A node's catalog replica in memory; stores the encoded form so every put goes through the codec.</summary>
public sealed class InMemoryManifestReplica(Func<bool> dead) : IManifestReplica
{
    private readonly ConcurrentDictionary<(string Partition, ObjectId Id, string Sha), byte[]> _manifests = new();

    public int Count => _manifests.Count;

    /// <summary>How many of the next version lookups throw, as a dropped connection to a live node does.</summary>
    public int FailingLookups { get; set; }

    public ValueTask<bool> PutAsync(GridManifest manifest, CancellationToken cancellationToken = default) => Apply(manifest, null);

    public ValueTask<bool> MovePlacementAsync(GridManifest from, GridManifest to, CancellationToken cancellationToken = default) => Apply(to, from);

    /// <summary>Every manifest held, for assertions.</summary>
    public IReadOnlyList<GridManifest> All() => _manifests.Values.Select(v => GridManifestCodec.Decode(v)).ToArray();

    // The replicas' one rule (ManifestPlacement.Decide), as RocksManifestReplica applies it.
    private ValueTask<bool> Apply(GridManifest incoming, GridManifest? replaces)
    {
        ThrowIfDead();
        var key = (incoming.PartitionKey, incoming.ObjectId, incoming.Sha256.ToString());
        lock (_manifests)
        {
            var put = ManifestPlacement.Decide(_manifests.TryGetValue(key, out var held) ? GridManifestCodec.Decode(held) : null, incoming, replaces);
            if (put.Action == ManifestPutAction.Store)
            {
                _manifests[key] = GridManifestCodec.Encode(put.Result);
            }

            return ValueTask.FromResult(put.Accepted);
        }
    }

    public ValueTask<IReadOnlyList<GridManifest>> GetVersionsAsync(string partitionKey, ObjectId objectId, CancellationToken cancellationToken = default)
    {
        ThrowIfDead();
        if (FailingLookups > 0)
        {
            FailingLookups--;
            throw new IOException("connection reset");
        }
        IReadOnlyList<GridManifest> versions = _manifests
            .Where(m => m.Key.Partition == partitionKey && m.Key.Id == objectId)
            .Select(m => GridManifestCodec.Decode(m.Value))
            .OrderBy(m => m.CreatedAt)
            .ToArray();
        return ValueTask.FromResult(versions);
    }

    public async IAsyncEnumerable<GridManifest> ListPartitionAsync(string partitionKey, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ThrowIfDead();
        await Task.Yield();
        foreach (var entry in _manifests.Where(m => m.Key.Partition == partitionKey).OrderBy(m => m.Key.Id))
        {
            yield return GridManifestCodec.Decode(entry.Value);
        }
    }

    private void ThrowIfDead()
    {
        if (dead())
        {
            throw new IOException("node unreachable");
        }
    }
}
