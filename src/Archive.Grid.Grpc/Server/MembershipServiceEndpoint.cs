using Archive.Contracts.V1;
using Archive.Grid.Grpc.Mapping;
using Archive.Grid.Grpc.Peers;
using Archive.Grid.Map;
using Archive.Storage.Audit;
using Archive.Storage.Store;
using Grpc.Core;

namespace Archive.Grid.Grpc.Server;

/// <summary>
/// MembershipService: answers heartbeats (a newer epoch is noted for
/// gossip, a refill request is passed on), hands out the current map, and applies a newer one through the host's
/// <see cref="IGridMapApplier"/>. Stateless per call; thread-safe.
/// </summary>
public sealed class MembershipServiceEndpoint(
    LocalNode local,
    GridMapHolder maps,
    MapGossip gossip,
    IShardStore store,
    IGridMapApplier applier,
    RefillRequests refills,
    IAuditTrail? audit = null) : MembershipService.MembershipServiceBase
{
    public override Task<HeartbeatReply> Heartbeat(HeartbeatRequest request, ServerCallContext context)
    {
        var map = maps.Current;
        if (map.FindNode(request.SenderNodeId) is not null)
        {
            // The sender is not counted as heard: that it reaches us says nothing of whether we reach it (a wrong
            // address in the map, a one-way partition), and writes and reads placed on it would fail while it read up.
            // Our own heartbeats to it decide its health.
            gossip.Notice(request.SenderNodeId, request.MapEpoch);
            refills.Notice(request.SenderNodeId, request.RefillRequest);
        }
        else if (request.SenderAddress.Length > 0)
        {
            // A node our map does not know heartbeats us: its map names us, so it may be the grid's newer map, which a
            // node started without it (its own single-node map) would otherwise never learn: nobody it knows calls it.
            gossip.Notice(request.SenderNodeId, request.MapEpoch, request.SenderAddress);
        }

        var reply = new HeartbeatReply { NodeId = local.NodeId, MapEpoch = map.Epoch };
        reply.Disks.AddRange(store.GetHealth().Disks.Select(ToWire.Disk));
        return Task.FromResult(reply);
    }

    public override Task<MapReply> GetMap(GetMapRequest request, ServerCallContext context)
    {
        var map = maps.Current;
        return Task.FromResult(new MapReply { Epoch = map.Epoch, MapJson = GridMapJson.Serialize(map) });
    }

    public override async Task<ApplyMapReply> ApplyMap(ApplyMapRequest request, ServerCallContext context)
    {
        var map = GridMapJson.Parse(request.MapJson);
        var result = await applier.ApplyAsync(map, context.CancellationToken).ConfigureAwait(false);
        audit?.Record(new AuditEvent(AuditTypes.MapApplied, AdminActor.Of(context), result.Applied ? "ok" : "refused", Detail: $"epoch {map.Epoch}: {result.Detail}"));
        return new ApplyMapReply { Applied = result.Applied, Epoch = result.Epoch, Detail = result.Detail };
    }
}
