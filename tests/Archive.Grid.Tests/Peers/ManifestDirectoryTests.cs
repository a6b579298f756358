using Archive.Grid.Manifests;
using Archive.Grid.Objects;
using Archive.Grid.Peers;
using Archive.Grid.Tests.Writing;
using Archive.Grid.Writing;
using Archive.Storage.Primitives;
using Archive.Testing.Fakes;

namespace Archive.Grid.Tests.Peers;

/// <summary>The new write's duplicate check: a majority of the catalog replicas, asked one failure at a time.</summary>
public sealed class ManifestDirectoryTests
{
    private const string Name = "1.2.840.1";

    [Fact]
    public async Task FromMajority_VersionOnOnlyAMajority_FoundAskingTwoOfThree()
    {
        var asked = new AskCounter();
        using var grid = new FakeGrid(6, decorateReplica: asked.Wrap);
        var replicas = ManifestDirectory.ReplicasOf(grid.Map, "study-1");
        grid.Kill(replicas[0].Id); // one replica misses the commit
        var stored = await GridRoundTripTests.Write(grid, Name, new byte[5000]);
        Assert.Equal(GridWriteStatus.Stored, stored.Status);
        grid.Revive(replicas[0].Id);
        asked.Reset();

        var versions = await LookUp(grid);

        Assert.Equal(stored.Manifest!.Sha256, Assert.Single(versions).Sha256);
        Assert.Equal(2, asked.Count);
    }

    [Fact]
    public async Task FromMajority_OneReplicaDown_AsksTheThirdAndStillFindsTheVersion()
    {
        var asked = new AskCounter();
        using var grid = new FakeGrid(6, decorateReplica: asked.Wrap);
        var stored = await GridRoundTripTests.Write(grid, Name, new byte[5000]);
        var replicas = ManifestDirectory.ReplicasOf(grid.Map, "study-1");
        grid.Kill(replicas[0].Id);
        asked.Reset();

        var versions = await LookUp(grid);

        Assert.Equal(stored.Manifest!.Sha256, Assert.Single(versions).Sha256);
        Assert.Equal(3, asked.Count);
    }

    [Fact]
    public async Task FromMajority_OnlyOneReplicaReachable_ReturnsWhatItKnows()
    {
        using var grid = new FakeGrid(6);
        var stored = await GridRoundTripTests.Write(grid, Name, new byte[5000]);
        var replicas = ManifestDirectory.ReplicasOf(grid.Map, "study-1");
        grid.Kill(replicas[0].Id, replicas[1].Id);

        var versions = await LookUp(grid);

        Assert.Equal(stored.Manifest!.Sha256, Assert.Single(versions).Sha256);
    }

    [Fact]
    public async Task Write_SameBytesAgainWithTheFirstReplicaMissingIt_StillADuplicate()
    {
        using var grid = new FakeGrid(6);
        var replicas = ManifestDirectory.ReplicasOf(grid.Map, "study-1");
        grid.Kill(replicas[0].Id);
        Assert.Equal(GridWriteStatus.Stored, (await GridRoundTripTests.Write(grid, Name, new byte[5000])).Status);
        grid.Revive(replicas[0].Id);

        var again = await GridRoundTripTests.Write(grid, Name, new byte[5000]);

        Assert.Equal(GridWriteStatus.Duplicate, again.Status);
    }

    private static Task<IReadOnlyList<GridManifest>> LookUp(FakeGrid grid) =>
        new ManifestDirectory(grid, grid.Membership).GetVersionsFromMajorityAsync(grid.Map, "study-1", ObjectIdentity.ObjectIdOf(Name), CancellationToken.None);

    /// <summary>Counts version lookups across every replica it wraps.</summary>
    private sealed class AskCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Reset() => Interlocked.Exchange(ref _count, 0);

        public IManifestReplica Wrap(IManifestReplica inner) => new Counting(inner, this);

        private sealed class Counting(IManifestReplica inner, AskCounter counter) : IManifestReplica
        {
            public ValueTask<bool> PutAsync(GridManifest manifest, CancellationToken cancellationToken = default) => inner.PutAsync(manifest, cancellationToken);

            public ValueTask<bool> MovePlacementAsync(GridManifest from, GridManifest to, CancellationToken cancellationToken = default) => inner.MovePlacementAsync(from, to, cancellationToken);

            public ValueTask<IReadOnlyList<GridManifest>> GetVersionsAsync(string partitionKey, ObjectId objectId, CancellationToken cancellationToken = default)
            {
                Interlocked.Increment(ref counter._count);
                return inner.GetVersionsAsync(partitionKey, objectId, cancellationToken);
            }

            public IAsyncEnumerable<GridManifest> ListPartitionAsync(string partitionKey, CancellationToken cancellationToken = default) => inner.ListPartitionAsync(partitionKey, cancellationToken);
        }
    }
}
