using Archive.Grid.Manifests;
using Archive.Grid.Peers;
using Archive.Storage.Primitives;

namespace Archive.Testing.Fakes;

/// <summary>What a <see cref="FaultyManifestReplica"/> does to the calls it passes on.</summary>
public enum ReplicaFault
{
    None,

    /// <summary>Puts answer "not stored".</summary>
    Refuse,

    /// <summary>Puts and lookups fail on the way (the answer is lost).</summary>
    Throw,
}

/// <summary>
/// A catalog replica behind a fault switch, counting version lookups; for <see cref="FakeGrid"/>'s
/// <c>decorateReplica</c>. <see cref="Wrapper"/> keeps them in map node order.
/// </summary>
public sealed class FaultyManifestReplica(IManifestReplica inner) : IManifestReplica
{
    private int _lookups;

    public ReplicaFault Mode { get; set; }

    public int VersionLookups => Volatile.Read(ref _lookups);

    public ValueTask<bool> PutAsync(GridManifest manifest, CancellationToken cancellationToken = default) =>
        Mode switch
        {
            ReplicaFault.Refuse => ValueTask.FromResult(false),
            ReplicaFault.Throw => throw new IOException("connection reset"),
            _ => inner.PutAsync(manifest, cancellationToken),
        };

    public ValueTask<bool> MovePlacementAsync(GridManifest from, GridManifest to, CancellationToken cancellationToken = default) =>
        inner.MovePlacementAsync(from, to, cancellationToken);

    public ValueTask<IReadOnlyList<GridManifest>> GetVersionsAsync(string partitionKey, ObjectId objectId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _lookups);
        return Mode == ReplicaFault.Throw ? throw new IOException("connection reset") : inner.GetVersionsAsync(partitionKey, objectId, cancellationToken);
    }

    public IAsyncEnumerable<GridManifest> ListPartitionAsync(string partitionKey, CancellationToken cancellationToken = default) =>
        inner.ListPartitionAsync(partitionKey, cancellationToken);

    /// <summary>Wraps each replica a <see cref="FakeGrid"/> creates (in map node order) and finds it again by node id.</summary>
    public sealed class Wrapper
    {
        private readonly List<FaultyManifestReplica> _created = [];

        public IManifestReplica Wrap(IManifestReplica replica)
        {
            var faulty = new FaultyManifestReplica(replica);
            _created.Add(faulty);
            return faulty;
        }

        public FaultyManifestReplica Of(FakeGrid grid, string nodeId) => _created[grid.Map.Nodes.ToList().FindIndex(n => n.Id == nodeId)];

        public int VersionLookups => _created.Sum(r => r.VersionLookups);
    }
}
