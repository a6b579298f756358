using System.Diagnostics.Metrics;
using Archive.Grid.Membership;
using Archive.Index.Scrub;
using Archive.Node.Hosting;
using Archive.Storage.Disks;
using Archive.Storage.Store;

namespace Archive.Node.Diagnostics;

/// <summary>
/// The node's state as gauges read at scrape time (STYLE.md §11): readiness, map epoch, data disks
/// (up, full, free bytes, shards and record bytes from <see cref="DiskUsageCache"/>, age of the last full
/// scrub), each peer not retired as this node's membership table sees it (up, suspect, down), and the age of the
/// oldest disk's last full scrub. Nothing here runs between scrapes except the usage measurement.
/// </summary>
public sealed class NodeMetrics
{
    public const string MeterName = "Archive.Node";

    /// <param name="stopping">Signalled when the host stops: a disk usage measurement under way ends before the index closes.</param>
    public NodeMetrics(IMeterFactory meterFactory, NodeRuntime runtime, NodeReadiness readiness, TimeProvider time, CancellationToken stopping = default)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(readiness);
        var meter = meterFactory.Create(MeterName);
        var usage = new DiskUsageCache(() => runtime.Store.MeasureUsage(stopping), time, DiskUsageCache.DefaultMaxAge);
        var scrubSummary = new ScrubProgressFile(Path.Combine(runtime.Settings.FastDirectory, "scrub-progress"));
        meter.CreateObservableGauge("archive.node.ready", () => readiness.IsReady ? 1 : 0, "1", "1 when /readyz answers ready.");
        meter.CreateObservableGauge("archive.map.epoch", () => Open(runtime) ? [new Measurement<long>(runtime.Maps.Current.Epoch)] : Array.Empty<Measurement<long>>(), "1", "Epoch of the grid map in force on this node.");
        meter.CreateObservableGauge("archive.disk.up", () => Disks(runtime, d => d.State is DiskState.Healthy or DiskState.Full ? 1 : 0), "1", "1 when the data disk serves reads (healthy or full), 0 when failed or refused.");
        meter.CreateObservableGauge("archive.disk.full", () => Disks(runtime, d => d.State == DiskState.Full ? 1 : 0), "1", "1 while the data disk refuses new shards for want of room (until it has room for a whole segment again).");
        meter.CreateObservableGauge("archive.disk.free.bytes", () => Disks(runtime, d => d.FreeBytes).Where(m => m.Value >= 0), "By", "Free bytes on the data disk's filesystem.");
        meter.CreateObservableGauge("archive.fast.directory.free.bytes", () => Open(runtime) && runtime.FastDirectoryFreeBytes() is >= 0 and var free ? [new Measurement<long>(free)] : Array.Empty<Measurement<long>>(), "By", "Free bytes on the fast directory's filesystem (shard index, catalog, queues, replica cache): stores fail when it fills.");
        meter.CreateObservableGauge("archive.disk.shards", () => Usage(runtime, usage, u => u.Shards), "{shard}", "Shard records on the data disk, from the index (measured at most every few minutes).");
        meter.CreateObservableGauge("archive.disk.used.bytes", () => Usage(runtime, usage, u => u.RecordBytes), "By", "Live record bytes on the data disk (what compaction keeps), from the index (measured at most every few minutes).");
        meter.CreateObservableGauge("archive.scrub.disk.last.full.pass.age", () => ScrubAges(runtime, time), "s", "Seconds since the data disk last completed a full scrub pass (absent before its first).");
        meter.CreateObservableGauge("archive.membership.peer.up", () => Peers(runtime, h => h == NodeHealth.Up ? 1 : 0), "1", "1 when this node hears the peer (membership state up), by peer.");
        meter.CreateObservableGauge("archive.membership.peer.suspect", () => Peers(runtime, h => h == NodeHealth.Suspect ? 1 : 0), "1", "1 while the peer is suspect (missed heartbeats), by peer.");
        meter.CreateObservableGauge("archive.membership.peer.down", () => Peers(runtime, h => h == NodeHealth.Down ? 1 : 0), "1", "1 once the peer is considered down (suspect for too long), by peer.");
        var certificates = CertificatesInUse.Of(runtime.Settings);
        meter.CreateObservableGauge(
            "archive.tls.certificate.expiry",
            () => certificates.Select(c => new Measurement<double>(
                (c.Certificate.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime).TotalSeconds,
                new KeyValuePair<string, object?>("setting", c.Setting),
                new KeyValuePair<string, object?>("subject", c.Certificate.Subject))),
            "s",
            "Seconds until a TLS certificate the node took at start expires (negative once expired), by setting and subject: its own DICOM and gRPC certificates and the CA certificates it trusts.");
        meter.CreateObservableGauge(
            "archive.scrub.last.full.pass.age",
            () => scrubSummary.Load().LastPassCompletedAt is { } at ? [new Measurement<double>(AgeSeconds(time.GetUtcNow(), at))] : Array.Empty<Measurement<double>>(),
            "s",
            "Seconds since the disk verified least recently completed a full scrub pass (absent before every disk completed one).");
    }

    /// <summary>Disk series are measured while the runtime is open, ready or not: a node whose every disk failed reports them failed.</summary>
    private static bool Open(NodeRuntime runtime) => runtime.IsOpen;

    private static IEnumerable<Measurement<long>> Disks(NodeRuntime runtime, Func<Storage.Store.DiskHealth, long> value) =>
        Open(runtime)
            ? runtime.Store.GetHealth().Disks.Select(d => new Measurement<long>(value(d), new KeyValuePair<string, object?>("disk", d.Disk?.ToString() ?? d.Root)))
            : [];

    private static IEnumerable<Measurement<long>> Usage(NodeRuntime runtime, DiskUsageCache usage, Func<DiskUsage, long> value) =>
        Open(runtime)
            ? usage.Current().Select(u => new Measurement<long>(value(u), new KeyValuePair<string, object?>("disk", u.Disk.ToString())))
            : [];

    private static IEnumerable<Measurement<double>> ScrubAges(NodeRuntime runtime, TimeProvider time)
    {
        if (!Open(runtime))
        {
            return [];
        }

        var ledger = new RocksScrubLedger(runtime.GridDatabase);
        var now = time.GetUtcNow();
        return runtime.Store.Disks
            .Select(d => (d.Id, ledger.LoadDisk(d.Id).LastPassCompletedAt))
            .Where(d => d.LastPassCompletedAt is not null)
            .Select(d => new Measurement<double>(AgeSeconds(now, d.LastPassCompletedAt!.Value), new KeyValuePair<string, object?>("disk", d.Id.ToString())))
            .ToArray();
    }

    /// <summary>Seconds since <paramref name="at"/>; 0 for a time ahead of the clock (sweep F: a clock stepped back showed -85,096 s).</summary>
    internal static double AgeSeconds(DateTimeOffset now, DateTimeOffset at) => Math.Max(0, (now - at).TotalSeconds);

    private static IEnumerable<Measurement<int>> Peers(NodeRuntime runtime, Func<NodeHealth, int> value) =>
        Open(runtime)
            ? runtime.Maps.Current.Nodes.Where(n => n.Id != runtime.Settings.NodeId && n.State != Grid.Map.NodeState.Retired)
                .Select(n => new Measurement<int>(value(runtime.Membership.HealthOf(n.Id)), new KeyValuePair<string, object?>("peer", n.Id)))
            : [];
}
