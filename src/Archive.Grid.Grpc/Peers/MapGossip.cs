using Archive.Grid.Map;

namespace Archive.Grid.Grpc.Peers;

/// <summary>
/// Notes peers that announced a newer map epoch than ours (in heartbeats either way), so the
/// heartbeat loop fetches that map and applies it: a map applied on one node spreads to all.
/// A sender our map does not know is noted with the address it gave: a node started without the
/// grid's map (its own single-node map, or an older one) hears the grid's nodes and joins their map.
/// Thread-safe.
/// </summary>
public sealed class MapGossip(GridMapHolder maps)
{
    private readonly Lock _gate = new();
    private MapSource? _source;
    private long _epoch;

    /// <summary>Records that <paramref name="nodeId"/> has map <paramref name="epoch"/>; ignored unless newer than ours and than any noted.</summary>
    /// <param name="address">Where to fetch it when our map does not name <paramref name="nodeId"/>; null for a node of our map.</param>
    public void Notice(string nodeId, long epoch, string? address = null)
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
                _source = new MapSource(nodeId, string.IsNullOrEmpty(address) ? null : address);
            }
        }
    }

    /// <summary>The node to fetch a newer map from, or null when ours is the newest known.</summary>
    public MapSource? PendingSource()
    {
        lock (_gate)
        {
            return _epoch > maps.Current.Epoch ? _source : null;
        }
    }
}

/// <summary>A node announcing a newer map; <see cref="Address"/> is set only for a node our map did not name when it was heard.</summary>
public sealed record MapSource(string NodeId, string? Address);
