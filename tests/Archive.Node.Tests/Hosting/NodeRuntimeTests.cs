using System.Diagnostics.Metrics;
using Archive.Grid.Map;
using Archive.Node.Hosting;
using Archive.Node.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Node.Tests.Hosting;

public sealed class NodeRuntimeTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "node-runtime-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Open_BlankHome_FormatsSixDisksGeneratesSingleNodeMapAndIsReady()
    {
        var settings = NodeSettingsLoader.Load(NodeSettingsLoader.Build(["--home", _home], _ => null), _home);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();

        await using (var runtime = NewRuntime(settings, services))
        {
            await runtime.OpenAsync(CancellationToken.None);

            Assert.True(runtime.IsReady);
            Assert.Equal(6, runtime.Store.GetHealth().HealthyDisks);
            var map = GridMapJson.Load(settings.GridMapPath);
            Assert.Equal(runtime.Store.Disks.Select(d => d.Id.ToString()).Order(), map.Nodes.Single().Disks.Select(d => d.Id).Order());
            runtime.BeginStopping();
            Assert.False(runtime.IsReady);
        }

        // Reopening finds the labelled disks and the map: nothing is formatted again.
        await using (var again = NewRuntime(settings, services))
        {
            await again.OpenAsync(CancellationToken.None);
            Assert.Equal(1, again.Maps.Current.Epoch);
            Assert.Equal(GridMapJson.Load(settings.GridMapPath).Nodes.Single().Disks.Select(d => d.Id).Order(), again.Store.Disks.Select(d => d.Id.ToString()).Order());
        }
    }

    [Fact]
    public async Task Open_MapWithoutThisNode_RefusesToStart()
    {
        var settings = NodeSettingsLoader.Load(NodeSettingsLoader.Build(["--home", _home, "--id", "node-9"], _ => null), _home);
        Directory.CreateDirectory(_home);
        Archive.Node.Maps.GridMapFile.Write(settings.GridMapPath, Archive.Node.Maps.GridMapFactory.Create("local", [Maps.GridMapFactoryTests.Node("node-1", 6)], "ec-4-2", null, 0));
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using var runtime = NewRuntime(settings, services);

        var error = await Assert.ThrowsAsync<NodeConfigurationException>(() => runtime.OpenAsync(CancellationToken.None));

        Assert.Contains("no node 'node-9'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_MapNamingDisksNoDirectoryCarries_ReportsThemFailed_UntilTheMapDropsThem()
    {
        // A map meant for another machine's node-1 (or disks not mounted): the node starts on its own blank disks, but
        // the map's disks for it are reported failed (status DEGRADED, the disk alert fires), not silently left out.
        var settings = NodeSettingsLoader.Load(NodeSettingsLoader.Build(["--home", _home, "--Node:DefaultDiskCount=3", "--Node:SingleNode:GenerateMap=false"], _ => null), _home);
        Directory.CreateDirectory(_home);
        var created = Archive.Node.Maps.GridMapFactory.Create("local", [Maps.GridMapFactoryTests.Node("node-1", 3)], "ec-1-1", null, 0);
        var foreign = created with { Nodes = [created.Nodes.Single() with { Disks = [.. created.Nodes.Single().Disks.Select(d => d with { Id = Guid.NewGuid().ToString("N") })] }] };
        Archive.Node.Maps.GridMapFile.Write(settings.GridMapPath, foreign);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using var runtime = NewRuntime(settings, services);
        await runtime.OpenAsync(CancellationToken.None);

        var failed = runtime.Store.GetHealth().Disks.Where(d => d.State == Archive.Storage.Disks.DiskState.Failed).ToArray();
        Assert.Equal(foreign.Nodes.Single().Disks.Select(d => d.Id).Order(), failed.Select(d => d.Disk.ToString()!).Order());
        Assert.All(failed, d => Assert.Equal(Archive.Storage.Store.LocalShardStore.MissingDiskFailure, d.Failure));

        // A map that names the disks the node carries: nothing missing any more.
        var own = foreign with { Epoch = 2, Nodes = [foreign.Nodes.Single() with { Disks = [.. runtime.Store.Disks.Select(d => new GridDisk(d.Id.ToString(), 1, DiskState.Active))] }] };
        Assert.True(runtime.Maps.TryApply(own));
        Assert.DoesNotContain(runtime.Store.GetHealth().Disks, d => d.State == Archive.Storage.Disks.DiskState.Failed);
    }

    [Theory]
    [InlineData("catalog database")]
    [InlineData("shard index")]
    public async Task Open_ADamagedDatabase_StopsWithWhatToDo_NotAnAbort(string which)
    {
        // Sweeps Q and R: a damaged catalog database, or too few file descriptors, ended the node with an unhandled
        // RocksDbException and SIGABRT (exit 134), which systemd restarts every 5 s.
        var settings = NodeSettingsLoader.Load(NodeSettingsLoader.Build(["--home", _home], _ => null), _home);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using (var runtime = NewRuntime(settings, services))
        {
            await runtime.OpenAsync(CancellationToken.None);
        }

        var directory = which == "shard index" ? settings.IndexDirectory : settings.GridDatabaseDirectory;
        File.WriteAllText(Path.Combine(directory, "CURRENT"), "MANIFEST-999999\n"); // names a descriptor that is not there
        await using var damaged = NewRuntime(settings, services);

        var error = await Assert.ThrowsAsync<NodeConfigurationException>(() => damaged.OpenAsync(CancellationToken.None));

        Assert.Contains($"the {which} at {directory} cannot be opened", error.Message, StringComparison.Ordinal);
        Assert.Contains("move it aside", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_AfterASegmentWasDeletedWhileDown_QueuesItsShardsForRepair()
    {
        // Sweep Q: segment files lost while the node was down were found at start ("entries flagged for repair") but
        // reached the repair queue only when a read or the disk's next scrub pass met them; status said full redundancy.
        var settings = NodeSettingsLoader.Load(NodeSettingsLoader.Build(["--home", _home], _ => null), _home);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using (var runtime = NewRuntime(settings, services))
        {
            await runtime.OpenAsync(CancellationToken.None);
            using var stream = new MemoryStream(new byte[200_000]);
            Assert.True((await runtime.Writer.WriteAsync(new Archive.Grid.Writing.GridWriteRequest("1.2.840.71.1", "1.2.840.71", stream, "attrs"u8.ToArray()))).IsSuccess);
        }

        File.Delete(Directory.GetFiles(Path.Combine(settings.DataDisks[0], "segments"), "*.aseg").Single());
        await using var again = NewRuntime(settings, services);
        await again.OpenAsync(CancellationToken.None);

        var item = Assert.Single(await again.Repairs.PeekAsync(10));
        Assert.Equal(("1.2.840.71.1", Archive.Grid.Repair.RepairReason.MissingOnCheck, 1), (item.ObjectName, item.Reason, item.ShardIndices.Count));
    }

    [Theory]
    [InlineData("http://127.0.0.1:7199", false)]  // another process is node-1 there: this one is an impostor
    [InlineData("HTTP://127.0.0.1:7100/", true)]  // the same address, written otherwise
    public async Task Open_MapNamesThisNodeAtAnotherAddress_NotReady(string mapAddress, bool ready)
    {
        // Sweep N: a second process started as node-1 on blank disks started, reported ready and took stores, unseen.
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using var runtime = await OpenInTwoNodeMapAsync(services, self => self with { Address = mapAddress });

        Assert.Equal(ready ? null : mapAddress, runtime.MapAddressConflict());
        Assert.Equal(ready, new Archive.Node.Diagnostics.NodeReadiness(runtime).Checks().Single(c => c.Check == "map").Ok);
    }

    [Fact]
    public async Task Open_MapNamesDisksForThisNodeOfWhichNoneIsHere_NotReady()
    {
        // Sweep W2: an impostor that kept the real node's advertised address, on disks of its own, reported ready.
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using var runtime = await OpenInTwoNodeMapAsync(services, self => self with { Disks = [.. self.Disks.Select(OtherDisk)] });

        Assert.Null(runtime.MapAddressConflict());
        Assert.Equal("the map names disks for node-1 of which none is here", runtime.MapIdentityConflict());
        Assert.False(new Archive.Node.Diagnostics.NodeReadiness(runtime).Checks().Single(c => c.Check == "map").Ok);
    }

    /// <summary>
    /// node-1 started once on a blank home (its own one-node map), then opened again on an epoch-2 map that adds a node-2
    /// and describes node-1 as <paramref name="describe"/> says.
    /// </summary>
    private async Task<NodeRuntime> OpenInTwoNodeMapAsync(ServiceProvider services, Func<GridNode, GridNode> describe)
    {
        var settings = NodeSettingsLoader.Load(NodeSettingsLoader.Build(["--home", _home, "--id", "node-1"], _ => null), _home);
        await using (var first = NewRuntime(settings, services))
        {
            await first.OpenAsync(CancellationToken.None);
        }

        var map = GridMapJson.Load(settings.GridMapPath);
        var self = map.Nodes.Single();
        var peer = self with { Id = "node-2", Address = "http://127.0.0.1:7200", Disks = [.. self.Disks.Select(OtherDisk)] };
        Archive.Node.Maps.GridMapFile.Write(settings.GridMapPath, map with { Epoch = 2, Nodes = [describe(self), peer] });
        var runtime = NewRuntime(settings, services);
        await runtime.OpenAsync(CancellationToken.None);
        return runtime;
    }

    private static GridDisk OtherDisk(GridDisk disk) => disk with { Id = Guid.NewGuid().ToString("N") };

    private static NodeRuntime NewRuntime(NodeSettings settings, ServiceProvider services) =>
        new(settings, NullLoggerFactory.Instance, services.GetRequiredService<IMeterFactory>(), TimeProvider.System);

    public void Dispose()
    {
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }
}
