namespace Archive.Grid.Rebalancing;

/// <summary>What one rebalancing pass did on one node.</summary>
/// <param name="Epoch">The map epoch the pass ran on.</param>
/// <param name="Objects">Object versions looked at (the partitions this node owns).</param>
/// <param name="Moved">Shards copied, verified, committed to the manifest and removed from their old disk.</param>
/// <param name="Bytes">Shard bytes read and written.</param>
/// <param name="Pending">Moves the map wants that could not be done this pass (source or target unreachable, conflict); tried again.</param>
/// <param name="ManifestsRefilled">Manifests put on catalog replicas that lacked them after the map moved a partition.</param>
/// <param name="PartitionsUnrefilled">Partitions with a replica that could not be compared this pass.</param>
/// <param name="Leftovers">
/// Of <paramref name="Pending"/>: old copies whose delete the catalog replicas could not decide yet (they disagree while
/// other nodes' passes run, or one was silent), and a draining node's copies still named on it; every move of the pass
/// was made. The next pass usually settles them, so it comes sooner (<see cref="RebalanceOptions.LeftoverRetryDelay"/>).
/// </param>
public sealed record RebalancePass(long Epoch, long Objects, long Moved, long Bytes, long Pending, long ManifestsRefilled, long PartitionsUnrefilled, long Leftovers = 0)
{
    /// <summary>True when the grid is placed as this map wants, as far as this node is concerned.</summary>
    public bool Settled => Pending == 0 && PartitionsUnrefilled == 0;

    /// <summary>True when only <see cref="Leftovers"/> keep the pass from settling.</summary>
    public bool OnlyLeftovers => Pending > 0 && Pending == Leftovers && PartitionsUnrefilled == 0;
}
