using System.Collections.Concurrent;
using Archive.Storage.Store;

namespace Archive.Grid.Grpc.Peers;

/// <summary>
/// What peers last told this node in heartbeats: their map epoch and disk health. Feeds
/// <see cref="Client.RemoteShardStore.GetHealth"/>, map gossip and the admin status. Thread-safe.
/// </summary>
public sealed class PeerReports(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, PeerReport> _reports = new(StringComparer.Ordinal);

    public void Record(string nodeId, long epoch, IReadOnlyList<DiskHealth> disks) =>
        _reports[nodeId] = new PeerReport(epoch, disks, time.GetUtcNow());

    /// <summary>The last report from <paramref name="nodeId"/>, or null when never heard.</summary>
    public PeerReport? Of(string nodeId) => _reports.GetValueOrDefault(nodeId);
}

/// <summary>One peer's last heartbeat reply.</summary>
public sealed record PeerReport(long Epoch, IReadOnlyList<DiskHealth> Disks, DateTimeOffset At);
