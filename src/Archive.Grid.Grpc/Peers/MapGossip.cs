using Archive.Grid.Map;

namespace Archive.Grid.Grpc.Peers;

/// <summary>
/// Notes peers that announced a newer map epoch than ours (in heartbeats either way), so the
/// heartbeat loop fetches that map and applies it: a map applied on one node spreads to all.
/// Thread-safe.
/// </summary>
public sealed class MapGossip(GridMapHolder maps)
{
    private readonly Lock _gate = new();
    private string? _source;
    private long _epoch;

    /// <summary>Records that <paramref name="nodeId"/> has map <paramref name="epoch"/>; ignored unless newer than ours and than any noted.</summary>
    public void Notice(string nodeId, long epoch)
    {
        if (epoch <= maps.Current.Epoch)
        {
            return;
        }

        lock (_gate)
        {
            if (epoch > _epoch)
            {
                _epoch = epoch;
                _source = nodeId;
            }
        }
    }

    /// <summary>The node to fetch a newer map from, or null when ours is the newest known.</summary>
    public string? PendingSource()
    {
        lock (_gate)
        {
            return _epoch > maps.Current.Epoch ? _source : null;
        }
    }
}
