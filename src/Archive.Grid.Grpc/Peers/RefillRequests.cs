using System.Collections.Concurrent;

namespace Archive.Grid.Grpc.Peers;

/// <summary>
/// Catalog refills asked for by heartbeat. A node whose database was found behind its disks at start (its fast
/// directory restored from a backup, or lost and started empty) put back what its own shard records describe, but
/// not the manifests of objects with no shard on it: it asks every peer, in each heartbeat, to put back on it the
/// versions it replicates and lacks (<see cref="Own"/>, one id per start). A peer serves each id once: its next
/// rebalance pass refills every partition it holds (<see cref="Requested"/>). Thread-safe.
/// </summary>
public sealed class RefillRequests
{
    private readonly ConcurrentDictionary<string, string> _served = new(StringComparer.Ordinal);

    /// <summary>Raised once per new request id a peer sends.</summary>
    public event Action<string>? Requested;

    /// <summary>This node's request, sent with every heartbeat; empty when it needs none.</summary>
    public string Own { get; private set; } = string.Empty;

    /// <summary>Asks the peers for a refill (a new id: each peer serves it once).</summary>
    public void Ask() => Own = Guid.NewGuid().ToString("N");

    /// <summary>Notes the request <paramref name="requestId"/> in <paramref name="nodeId"/>'s heartbeat.</summary>
    public void Notice(string nodeId, string requestId)
    {
        if (requestId.Length == 0 || (_served.TryGetValue(nodeId, out var seen) && seen == requestId))
        {
            return;
        }

        _served[nodeId] = requestId;
        Requested?.Invoke(nodeId);
    }
}
