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

        await using (var runtime = new NodeRuntime(settings, NullLoggerFactory.Instance, services.GetRequiredService<IMeterFactory>(), TimeProvider.System))
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
        await using (var again = new NodeRuntime(settings, NullLoggerFactory.Instance, services.GetRequiredService<IMeterFactory>(), TimeProvider.System))
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
        await using var runtime = new NodeRuntime(settings, NullLoggerFactory.Instance, services.GetRequiredService<IMeterFactory>(), TimeProvider.System);

        var error = await Assert.ThrowsAsync<NodeConfigurationException>(() => runtime.OpenAsync(CancellationToken.None));

        Assert.Contains("no node 'node-9'", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }
}
