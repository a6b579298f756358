using Archive.Grid.Coding;
using Archive.Grid.Map;
using Archive.Grid.Membership;
using Archive.Grid.Peers;
using Archive.Grid.Reading;
using Archive.Grid.Writing;
using Archive.Storage.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Testing.Fakes;

/// <summary>A grid of in-memory nodes with a writer and a reader, for fault tables without I/O.</summary>
public sealed class FakeGrid : IPeerConnector, IDisposable
{
    private readonly Dictionary<string, Peer> _peers = [];
    private readonly CodecPool _codecs = new();

    public FakeGrid(int nodes, int disksPerNode = 1, GridWriteOptions? writeOptions = null, GridReadOptions? readOptions = null, long smallObjectThreshold = 0, Func<IManifestReplica, IManifestReplica>? decorateReplica = null, IDeferredCompressionQueue? deferredCompression = null, TimeProvider? writerClock = null)
    {
        var map = MapBuilder.Build(1, 1, nodes, disksPerNode, null, new StorageClass("ec-4-2", 4, 2), new StorageClass("rep-3", 1, 2));
        Map = map with { Policy = new StorageClassPolicy("ec-4-2", smallObjectThreshold > 0 ? "rep-3" : null, smallObjectThreshold) };
        foreach (var node in Map.Nodes)
        {
            _peers[node.Id] = new Peer(node.Id, decorateReplica);
        }

        // Time barely moves: membership never declares anyone down by silence; a failed call makes a node suspect until it answers again.
        var membership = new MembershipTable(new MembershipOptions(), new CreepingTime());
        Maps = new GridMapHolder(Map);
        Membership = membership;
        var holder = Maps;
        Writer = new GridWriter(holder, this, membership, Repairs, _codecs, writeOptions ?? new GridWriteOptions(), writerClock ?? TimeProvider.System, NullLogger<GridWriter>.Instance, deferredCompression);
        Reader = new GridReader(holder, this, membership, Repairs, _codecs, readOptions ?? new GridReadOptions(), TimeProvider.System, NullLogger<GridReader>.Instance);
    }

    public GridMap Map { get; }

    public GridMapHolder Maps { get; }

    public MembershipTable Membership { get; }

    public GridWriter Writer { get; }

    public GridReader Reader { get; }

    public InMemoryRepairQueue Repairs { get; } = new();

    public InMemoryShardStore Store(string nodeId) => _peers[nodeId].Store;

    public InMemoryManifestReplica Replica(string nodeId) => _peers[nodeId].Replica;

    public void Kill(params string[] nodeIds)
    {
        foreach (var id in nodeIds)
        {
            _peers[id].Store.Dead = true;
        }
    }

    public void Revive(params string[] nodeIds)
    {
        foreach (var id in nodeIds)
        {
            _peers[id].Store.Dead = false;
        }
    }

    public IGridPeer Connect(GridNode node) => _peers[node.Id];

    public void Dispose() => _codecs.Dispose();

    private sealed class Peer : IGridPeer
    {
        public Peer(string nodeId, Func<IManifestReplica, IManifestReplica>? decorate)
        {
            NodeId = nodeId;
            Replica = new InMemoryManifestReplica(() => Store.Dead);
            Manifests = decorate?.Invoke(Replica) ?? Replica;
        }

        public string NodeId { get; }

        public InMemoryShardStore Store { get; } = new();

        public InMemoryManifestReplica Replica { get; }

        public IShardStore Shards => Store;

        public IManifestReplica Manifests { get; }
    }

    /// <summary>A clock that moves one tick per reading: never far enough to call a silent node down, but a failure still follows what was heard before it.</summary>
    private sealed class CreepingTime : TimeProvider
    {
        private long _ticks;

        public override long GetTimestamp() => Interlocked.Increment(ref _ticks);
    }
}
