using Archive.Grid.Grpc.Peers;
using Archive.Grid.Map;
using Archive.Node.Diagnostics;
using Archive.Storage.Io;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Maps;

/// <summary>
/// The node's grid map file and the map in force: a newer map is validated, written atomically
/// (temporary file, fsync, rename, directory fsync) and only then swapped into the
/// <see cref="GridMapHolder"/>, so after a crash the file holds the old or the new map, never a
/// torn one, and the node never runs a map it could lose. Applies are serialized; thread-safe.
/// </summary>
public sealed class GridMapFile(string path, GridMapHolder maps, ILogger<GridMapFile> logger) : IGridMapApplier
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <inheritdoc />
    public async Task<MapApplyResult> ApplyAsync(GridMap map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(map);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = maps.Current;
            if (map.ClusterId != current.ClusterId)
            {
                return new MapApplyResult(false, current.Epoch, $"map is for cluster '{map.ClusterId}', this node is in '{current.ClusterId}'");
            }

            if (map.Epoch <= current.Epoch)
            {
                return new MapApplyResult(false, current.Epoch, $"epoch {map.Epoch} is not newer than {current.Epoch}");
            }

            Write(path, map);
            maps.TryApply(map);
            logger.MapApplied(map.Epoch, map.Nodes.Count);
            return new MapApplyResult(true, map.Epoch, "applied");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes <paramref name="map"/> to <paramref name="path"/> atomically and durably.</summary>
    public static void Write(string path, GridMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        AtomicFile.WriteAllText(path, GridMapJson.Serialize(map));
    }
}
