using Archive.Storage.Disks;
using Archive.Storage.Primitives;

namespace Archive.Storage.Store;

/// <summary>Health of a node's storage: one row per configured data disk.</summary>
public sealed record StoreHealth(NodeId Node, IReadOnlyList<DiskHealth> Disks)
{
    /// <summary>Disks accepting writes.</summary>
    public int HealthyDisks => Disks.Count(d => d.State == DiskState.Healthy);

    /// <summary>Disks serving reads: the healthy ones and the full ones.</summary>
    public int ServingDisks => Disks.Count(d => d.State is DiskState.Healthy or DiskState.Full);
}
