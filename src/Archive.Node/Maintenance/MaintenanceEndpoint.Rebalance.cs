using Archive.Grid.Map;
using Archive.Node.Hosting;
using Grpc.Core;
using Wire = Archive.Contracts.V1;

namespace Archive.Node.Maintenance;

public sealed partial class MaintenanceEndpoint
{
    public override Task<Wire.RebalanceStatusReply> RebalanceStatus(Wire.RebalanceStatusRequest request, ServerCallContext context)
    {
        var (settled, running, last, finished, moved) = _rebalance.Snapshot;
        var map = node.Maps.Current;
        var reply = new Wire.RebalanceStatusReply
        {
            NodeId = node.Settings.NodeId,
            Enabled = node.Settings.Rebalance.Enabled,
            MapEpoch = map.Epoch,
            SettledEpoch = settled,
            Running = running,
            LastPassEpoch = last?.Epoch ?? 0,
            LastPassFinishedUnixMs = last is null ? 0 : finished.ToUnixTimeMilliseconds(),
            LastPassObjects = last?.Objects ?? 0,
            LastPassMoved = last?.Moved ?? 0,
            LastPassPending = last?.Pending ?? 0,
            LastPassRefilled = last?.ManifestsRefilled ?? 0,
            MovedSinceStart = moved,
            NodeState = (map.FindNode(node.Settings.NodeId)?.State ?? NodeState.Retired).ToString().ToLowerInvariant(),
        };
        foreach (var disk in node.Store.MeasureUsage(context.CancellationToken))
        {
            reply.Disks.Add(new Wire.DiskShardCount { DiskId = disk.Disk.ToString(), Shards = disk.Shards, Bytes = disk.RecordBytes });
        }

        return Task.FromResult(reply);
    }
}
