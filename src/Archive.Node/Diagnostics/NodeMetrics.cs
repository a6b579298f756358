using System.Diagnostics.Metrics;
using Archive.Grid.Membership;
using Archive.Node.Hosting;
using Archive.Storage.Disks;

namespace Archive.Node.Diagnostics;

/// <summary>
/// The node's state as gauges read at scrape time (STYLE.md §11): readiness, map epoch, data disks
/// (up, free bytes), each peer as this node's membership table sees it, and the age of the oldest
/// disk's last full scrub. Nothing here runs between scrapes.
/// </summary>
public sealed class NodeMetrics
{
    public const string MeterName = "Archive.Node";

    public NodeMetrics(IMeterFactory meterFactory, NodeRuntime runtime, NodeReadiness readiness, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(readiness);
        var meter = meterFactory.Create(MeterName);
        var scrubSummary = new ScrubProgressFile(Path.Combine(runtime.Settings.FastDirectory, "scrub-progress"));
        meter.CreateObservableGauge("archive.node.ready", () => readiness.IsReady ? 1 : 0, "1", "1 when /readyz answers ready.");
        meter.CreateObservableGauge("archive.map.epoch", () => Open(runtime) ? [new Measurement<long>(runtime.Maps.Current.Epoch)] : Array.Empty<Measurement<long>>(), "1", "Epoch of the grid map in force on this node.");
        meter.CreateObservableGauge("archive.disk.up", () => Disks(runtime, d => d.State == DiskState.Healthy ? 1 : 0), "1", "1 when the data disk is healthy, 0 when failed or refused.");
        meter.CreateObservableGauge("archive.disk.free.bytes", () => Disks(runtime, d => d.FreeBytes).Where(m => m.Value >= 0), "By", "Free bytes on the data disk's filesystem.");
        meter.CreateObservableGauge("archive.membership.peer.up", () => Peers(runtime, h => h == NodeHealth.Up ? 1 : 0), "1", "1 when this node hears the peer (membership state up), by peer.");
        meter.CreateObservableGauge("archive.membership.peer.suspect", () => Peers(runtime, h => h == NodeHealth.Suspect ? 1 : 0), "1", "1 while the peer is suspect (missed heartbeats), by peer.");
        meter.CreateObservableGauge(
            "archive.scrub.last.full.pass.age",
            () => scrubSummary.Load().LastPassCompletedAt is { } at ? [new Measurement<double>((time.GetUtcNow() - at).TotalSeconds)] : Array.Empty<Measurement<double>>(),
            "s",
            "Seconds since the disk verified least recently completed a full scrub pass (absent before every disk completed one).");
    }

    private static bool Open(NodeRuntime runtime) => runtime.IsReady;

    private static IEnumerable<Measurement<long>> Disks(NodeRuntime runtime, Func<Storage.Store.DiskHealth, long> value) =>
        Open(runtime)
            ? runtime.Store.GetHealth().Disks.Select(d => new Measurement<long>(value(d), new KeyValuePair<string, object?>("disk", d.Disk?.ToString() ?? d.Root)))
            : [];

    private static IEnumerable<Measurement<int>> Peers(NodeRuntime runtime, Func<NodeHealth, int> value) =>
        Open(runtime)
            ? runtime.Maps.Current.Nodes.Where(n => n.Id != runtime.Settings.NodeId)
                .Select(n => new Measurement<int>(value(runtime.Membership.HealthOf(n.Id)), new KeyValuePair<string, object?>("peer", n.Id)))
            : [];
}
