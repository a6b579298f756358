using Archive.Grid.Manifests;
using Archive.Grid.Objects;
using Archive.Grid.Peers;
using Archive.Grid.Tests.Writing;
using Archive.Grid.Writing;
using Archive.Testing.Fakes;

namespace Archive.Grid.Tests.Peers;

/// <summary>The new write's duplicate check: a majority of the catalog replicas, asked one failure at a time.</summary>
public sealed class ManifestDirectoryTests
{
    private const string Name = "1.2.840.1";

    [Fact]
    public async Task FromMajority_VersionOnOnlyAMajority_FoundAskingTwoOfThree()
    {
        var asked = new FaultyManifestReplica.Wrapper();
        using var grid = new FakeGrid(6, decorateReplica: asked.Wrap);
        var replicas = ManifestDirectory.ReplicasOf(grid.Map, "study-1");
        grid.Kill(replicas[0].Id); // one replica misses the commit
        var stored = await GridRoundTripTests.Write(grid, Name, new byte[5000]);
        Assert.Equal(GridWriteStatus.Stored, stored.Status);
        grid.Revive(replicas[0].Id);
        var before = asked.VersionLookups;

        var versions = await LookUp(grid);

        Assert.Equal(stored.Manifest!.Sha256, Assert.Single(versions).Sha256);
        Assert.Equal(2, asked.VersionLookups - before);
    }

    [Fact]
    public async Task FromMajority_OneReplicaDown_AsksTheThirdAndStillFindsTheVersion()
    {
        var asked = new FaultyManifestReplica.Wrapper();
        using var grid = new FakeGrid(6, decorateReplica: asked.Wrap);
        var stored = await GridRoundTripTests.Write(grid, Name, new byte[5000]);
        var replicas = ManifestDirectory.ReplicasOf(grid.Map, "study-1");
        grid.Kill(replicas[0].Id);
        var before = asked.VersionLookups;

        var versions = await LookUp(grid);

        Assert.Equal(stored.Manifest!.Sha256, Assert.Single(versions).Sha256);
        Assert.Equal(4, asked.VersionLookups - before); // the dead one twice: it was healthy until then

        before = asked.VersionLookups;
        Assert.Equal(stored.Manifest!.Sha256, Assert.Single(await LookUp(grid)).Sha256);
        Assert.Equal(2, asked.VersionLookups - before); // now suspect: the two healthy replicas are asked first and suffice
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
    public async Task Read_TwoReplicasDownAndTheThirdDropsOneLookup_StillFound()
    {
        using var grid = new FakeGrid(6);
        var content = new byte[5000];
        await GridRoundTripTests.Write(grid, Name, content);
        var replicas = ManifestDirectory.ReplicasOf(grid.Map, "study-1");
        grid.Kill(replicas[0].Id, replicas[1].Id);
        grid.Replica(replicas[2].Id).FailingLookups = 1;

        Assert.NotNull(await grid.Reader.FindAsync("study-1", Name));
        Assert.Equal(0, grid.Replica(replicas[2].Id).FailingLookups);
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
}
