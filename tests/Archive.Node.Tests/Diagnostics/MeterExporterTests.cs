using System.Diagnostics.Metrics;
using Archive.Node.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Archive.Node.Tests.Diagnostics;

public sealed class MeterExporterTests
{
    [Fact]
    public async Task Export_CounterHistogramAndGauge_ConventionalTextWithLabelsInAnyTagOrder()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var registry = Metrics.NewCustomRegistry();
        using var exporter = new MeterExporter(registry);
        var meter = services.GetRequiredService<IMeterFactory>().Create("Archive.Test");
        var counter = meter.CreateCounter<long>("archive.test.received.bytes", "By", "Bytes.");
        var histogram = meter.CreateHistogram<double>("archive.test.duration", "s", "Time.");
        meter.CreateObservableGauge("archive.test.depth", () => 7, "{item}", "Depth.");
        var ignored = services.GetRequiredService<IMeterFactory>().Create("Other.Library").CreateCounter<long>("other.count");

        counter.Add(5, new("service", "C-STORE"), new("calling_ae", "PACS"));
        counter.Add(6, new("calling_ae", "PACS"), new("service", "C-STORE"));
        histogram.Record(0.002);
        ignored.Add(1);

        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());

        Assert.Contains("# TYPE archive_test_received_bytes_total counter", text, StringComparison.Ordinal);
        Assert.Contains("archive_test_received_bytes_total{calling_ae=\"PACS\",service=\"C-STORE\"} 11", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE archive_test_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("archive_test_duration_seconds_count 1", text, StringComparison.Ordinal);
        Assert.Contains("archive_test_depth 7", text, StringComparison.Ordinal);
        Assert.DoesNotContain("other", text, StringComparison.Ordinal);
        Assert.Equal(0, exporter.Dropped);
    }

    [Fact]
    public async Task Export_ObservableGaugeStopsReportingASeries_TheSeriesGoes_AndComesBackWhenReported()
    {
        // Sweep O: a peer that left the map kept archive_membership_peer_up 1, its last value, on every scrape.
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var registry = Metrics.NewCustomRegistry();
        using var exporter = new MeterExporter(registry);
        var meter = services.GetRequiredService<IMeterFactory>().Create("Archive.Test");
        var peers = new[] { "node-2", "node-4" };
        var open = true;
        meter.CreateObservableGauge("archive.test.peer.up", () => peers.Select(p => new Measurement<int>(1, new KeyValuePair<string, object?>("peer", p))), "1", "Up.");
        meter.CreateObservableGauge("archive.test.epoch", () => open ? [new Measurement<long>(7)] : Array.Empty<Measurement<long>>(), "1", "Epoch.");

        Assert.Contains("archive_test_peer_up{peer=\"node-4\"} 1", await Scrape(registry), StringComparison.Ordinal);
        peers = ["node-2"];
        open = false;
        var text = await Scrape(registry);
        Assert.Contains("archive_test_peer_up{peer=\"node-2\"} 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("node-4", text, StringComparison.Ordinal);
        Assert.DoesNotContain("archive_test_epoch 7", text, StringComparison.Ordinal);

        peers = ["node-2", "node-4"];
        open = true;
        text = await Scrape(registry);
        Assert.Contains("archive_test_peer_up{peer=\"node-4\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("archive_test_epoch 7", text, StringComparison.Ordinal);
    }

    private static async Task<string> Scrape(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
