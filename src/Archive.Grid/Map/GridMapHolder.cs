namespace Archive.Grid.Map;

/// <summary>
/// The node's current grid map. Operations read <see cref="Current"/> once and use that snapshot
/// throughout; <see cref="TryApply"/> swaps in a newer epoch atomically (Garnet's ClusterConfig
/// compare-exchange). Thread-safe.
/// </summary>
public sealed class GridMapHolder(GridMap initial)
{
    private GridMap _current = initial;

    /// <summary>Raised after a newer map is applied.</summary>
    public event Action<GridMap>? Changed;

    public GridMap Current => Volatile.Read(ref _current);

    /// <summary>Applies <paramref name="map"/> when its epoch is newer than the current one and its cluster is ours.</summary>
    public bool TryApply(GridMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        while (true)
        {
            var current = Current;
            if (map.Epoch <= current.Epoch || map.ClusterId != current.ClusterId)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _current, map, current) == current)
            {
                Changed?.Invoke(map);
                return true;
            }
        }
    }
}
