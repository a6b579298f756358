using Archive.Grid.Map;

namespace Archive.Grid.Grpc.Peers;

/// <summary>
/// Applies a newer grid map on this node: validated, persisted atomically, then swapped into the
/// <see cref="GridMapHolder"/>. Implemented by the host (it owns the map file). Thread-safe.
/// </summary>
public interface IGridMapApplier
{
    Task<MapApplyResult> ApplyAsync(GridMap map, CancellationToken cancellationToken);
}

/// <summary>What an apply did; <see cref="Epoch"/> is the epoch in force afterwards.</summary>
public sealed record MapApplyResult(bool Applied, long Epoch, string Detail);
