using Archive.Grid.Manifests;
using Archive.Grid.Peers;
using Archive.Node.Diagnostics;
using Archive.Storage.Primitives;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Node.Tests.Diagnostics;

/// <summary>
/// Sweep Q: with a damaged catalog database the node stayed ready and HEALTHY, every C-GET failed "no reachable
/// catalog replica knows the object", and nothing logged the corruption; the same for the shard index.
/// </summary>
public sealed class DatabaseFaultsTests
{
    [Fact]
    public async Task ADatabaseError_IsNotedForStatusAndStillReachesTheCaller()
    {
        var faults = new DatabaseFaults(NullLogger.Instance, TimeProvider.System);
        var replica = new FaultWatchingReplica(new Damaged(), faults, "/fast/grid");
        Assert.Null(faults.Problem);

        await Assert.ThrowsAsync<RocksDbSharp.RocksDbException>(async () => await replica.GetVersionsAsync("1.2", default));
        await Assert.ThrowsAsync<RocksDbSharp.RocksDbException>(async () => await replica.ListPartitionAsync("1.2").ToListAsync());

        Assert.Contains("the catalog database at /fast/grid failed", faults.Problem, StringComparison.Ordinal);
        Assert.Contains("Corruption: block checksum mismatch", faults.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AShardIndexError_IsNotedForStatusAndStillReachesTheCaller()
    {
        // Sweep Q: with a damaged shard index the node stayed HEALTHY and verify called intact objects unrecoverable.
        var faults = new DatabaseFaults(NullLogger.Instance, TimeProvider.System);
        using var index = new FaultWatchingIndex(new DamagedIndex(), faults, "/fast/index");

        Assert.Throws<RocksDbSharp.RocksDbException>(() => index.TryGetShard(default, out _));
        Assert.Throws<RocksDbSharp.RocksDbException>(() => index.EnumerateShards().ToList());

        Assert.Contains("the shard index at /fast/index failed", faults.Problem, StringComparison.Ordinal);
    }

    private static RocksDbSharp.RocksDbException Corruption() =>
        new(System.Runtime.InteropServices.Marshal.StringToHGlobalAnsi("Corruption: block checksum mismatch")); // freed by the exception, as RocksDB's own

    private sealed class DamagedIndex : Archive.Storage.Indexing.IShardIndex
    {
        public bool TryGetShard(ShardKey key, out Archive.Storage.Indexing.ShardLocation location) => throw Corruption();

        public bool TryGetManifest(ObjectKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? manifest) => throw Corruption();

        public IEnumerable<Archive.Storage.Indexing.ShardEntry> EnumerateShards(ObjectId? objectId = null) => throw Corruption();

        public IEnumerable<Archive.Storage.Indexing.SegmentCheckpoint> EnumerateCheckpoints() => throw Corruption();

        public void Commit(Archive.Storage.Indexing.IndexBatch batch, bool durable) => throw Corruption();

        public void Dispose()
        {
        }
    }

    private sealed class Damaged : IManifestReplica
    {

        public ValueTask<bool> PutAsync(GridManifest manifest, CancellationToken cancellationToken = default) => throw Corruption();

        public ValueTask<bool> MovePlacementAsync(GridManifest from, GridManifest to, CancellationToken cancellationToken = default) => throw Corruption();

        public ValueTask<IReadOnlyList<GridManifest>> GetVersionsAsync(string partitionKey, ObjectId objectId, CancellationToken cancellationToken = default) => throw Corruption();

        public async IAsyncEnumerable<GridManifest> ListPartitionAsync(string partitionKey, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            throw Corruption();
#pragma warning disable CS0162 // an iterator needs a yield
            yield break;
#pragma warning restore CS0162
        }
    }
}
