using System.Diagnostics.Metrics;
using Archive.Node.Diagnostics;
using Archive.Node.Hosting;
using Archive.Node.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace Archive.Node.Tests.Diagnostics;

public sealed class NodeMetricsTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "node-metrics-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task NoDiskServes_TheNodeIsNotReady_AndEveryDiskIsReportedDown()
    {
        // Disks labelled for another node: every one is refused, so the node is open but not ready. Its disk series
        // must say so (archive_disk_up 0, the alert fires), not vanish or keep the values they had when it was ready.
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using (var otherServices = new ServiceCollection().AddMetrics().BuildServiceProvider())
        {
            // Meters of its own: its gauges must not be observed once it has closed.
            await using var other = new NodeRuntime(Settings("node-x"), NullLoggerFactory.Instance, otherServices.GetRequiredService<IMeterFactory>(), TimeProvider.System);
            await other.OpenAsync(CancellationToken.None);
        }

        // The same map, its node renamed: node-1's map names disks that carry node-x's labels.
        var map = Archive.Grid.Map.GridMapJson.Load(Settings("node-x").GridMapPath);
        Archive.Node.Maps.GridMapFile.Write(Settings("node-1").GridMapPath, map with { Epoch = 2, Nodes = [map.Nodes.Single() with { Id = "node-1" }] });
        await using var runtime = new NodeRuntime(Settings("node-1"), NullLoggerFactory.Instance, meters, TimeProvider.System);
        await runtime.OpenAsync(CancellationToken.None);
        Assert.False(runtime.IsReady);

        var registry = Metrics.NewCustomRegistry();
        using var exporter = new MeterExporter(registry);
        // Stopping from the start: no background usage measurement outlives the runtime (the index closes under it).
        _ = new NodeMetrics(meters, runtime, new NodeReadiness(runtime), TimeProvider.System, new CancellationToken(canceled: true));
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        var lines = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n');

        Assert.Contains("archive_node_ready 0", lines);
        var up = lines.Where(l => l.StartsWith("archive_disk_up{", StringComparison.Ordinal)).ToArray();
        Assert.True(up.Length >= 3, string.Join('\n', lines));
        Assert.All(up, l => Assert.EndsWith(" 0", l, StringComparison.Ordinal));
    }

    [Fact]
    public void ScrubAge_OfAPassCompletedAheadOfTheClock_IsZero()
    {
        // Sweep F: a node whose clock was stepped back a day exported archive_scrub_last_full_pass_age_seconds -85096.
        var now = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal(0, NodeMetrics.AgeSeconds(now, now.AddDays(1)));
        Assert.Equal(3600, NodeMetrics.AgeSeconds(now, now.AddHours(-1)));
    }

    public void Dispose()
    {
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }

    private NodeSettings Settings(string id) =>
        NodeSettingsLoader.Load(NodeSettingsLoader.Build(["--home", _home, "--id", id, "--Node:DefaultDiskCount=3", "--Node:SingleNode:DefaultClass=ec-1-1", "--Node:SingleNode:SmallClass=rep-2"], _ => null), _home);
}
