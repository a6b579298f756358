using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Archive.Grid.Manifests;
using Archive.Grid.Peers;
using Archive.Storage.Primitives;

namespace Archive.Grid.Grpc.Tests;

/// <summary>An in-memory catalog replica keyed like the real one (partition, object, SHA-256).</summary>
internal sealed class MemoryManifestReplica : IManifestReplica
{
    private readonly ConcurrentDictionary<(string, ObjectId, string), GridManifest> _manifests = new();

    public ValueTask<bool> PutAsync(GridManifest manifest, CancellationToken cancellationToken = default)
    {
        _manifests.TryAdd((manifest.PartitionKey, manifest.ObjectId, manifest.Sha256.ToString()), manifest);
        return ValueTask.FromResult(true);
    }

    public ValueTask<bool> MovePlacementAsync(GridManifest from, GridManifest to, CancellationToken cancellationToken = default)
    {
        var key = (to.PartitionKey, to.ObjectId, to.Sha256.ToString());
        lock (_manifests)
        {
            var put = ManifestPlacement.Decide(_manifests.TryGetValue(key, out var held) ? held : null, to, from);
            if (put.Action == ManifestPutAction.Store)
            {
                _manifests[key] = put.Result;
            }

            return ValueTask.FromResult(put.Accepted);
        }
    }

    public ValueTask<IReadOnlyList<GridManifest>> GetVersionsAsync(string partitionKey, ObjectId objectId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<GridManifest>>(_manifests.Values.Where(m => m.PartitionKey == partitionKey && m.ObjectId == objectId).OrderBy(m => m.CreatedAt).ToArray());

    public async IAsyncEnumerable<GridManifest> ListPartitionAsync(string partitionKey, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var manifest in _manifests.Values.Where(m => m.PartitionKey == partitionKey).OrderBy(m => m.ObjectId))
        {
            yield return manifest;
        }
    }
}
