using Archive.Grid.Manifests;
using Archive.Grid.Peers;
using Archive.Node.Catalog;
using Archive.Node.Diagnostics;
using Archive.Storage.Primitives;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Node.Tests.Catalog;

/// <summary>
/// Sweep Q: with a damaged catalog database the node stayed ready and HEALTHY, every C-GET failed "no reachable
/// catalog replica knows the object", and nothing logged the corruption.
/// </summary>
public sealed class FaultWatchingReplicaTests
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

    private sealed class Damaged : IManifestReplica
    {
        // The exception takes a native error string, which it frees (malloc on Linux, as Marshal allocates it).
        private static RocksDbSharp.RocksDbException Corruption() => new(System.Runtime.InteropServices.Marshal.StringToHGlobalAnsi("Corruption: block checksum mismatch"));

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
