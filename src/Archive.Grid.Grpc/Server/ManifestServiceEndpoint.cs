using Archive.Contracts.V1;
using Archive.Grid.Grpc.Mapping;
using Archive.Grid.Peers;
using Grpc.Core;

namespace Archive.Grid.Grpc.Server;

/// <summary>ManifestService over this node's <see cref="IManifestReplica"/>. Stateless per call; thread-safe.</summary>
public sealed class ManifestServiceEndpoint(IManifestReplica replica) : ManifestService.ManifestServiceBase
{
    public override async Task<PutManifestReply> Put(ManifestBytes request, ServerCallContext context)
    {
        var manifest = FromWire.GridManifest(request.Manifest);
        return new PutManifestReply { Stored = await replica.PutAsync(manifest, context.CancellationToken).ConfigureAwait(false) };
    }

    public override async Task<PutManifestReply> MovePlacement(PlacementMove request, ServerCallContext context)
    {
        var moved = await replica.MovePlacementAsync(FromWire.GridManifest(request.From), FromWire.GridManifest(request.To), context.CancellationToken).ConfigureAwait(false);
        return new PutManifestReply { Stored = moved };
    }

    public override async Task<GetVersionsReply> GetVersions(GetVersionsRequest request, ServerCallContext context)
    {
        var versions = await replica.GetVersionsAsync(request.PartitionKey, FromWire.ObjectId(request.ObjectId), context.CancellationToken).ConfigureAwait(false);
        var reply = new GetVersionsReply();
        reply.Manifests.AddRange(versions.Select(ToWire.GridManifest));
        return reply;
    }

    public override async Task ListPartition(ListPartitionRequest request, IServerStreamWriter<ManifestBytes> responseStream, ServerCallContext context)
    {
        await foreach (var manifest in replica.ListPartitionAsync(request.PartitionKey, context.CancellationToken).ConfigureAwait(false))
        {
            await responseStream.WriteAsync(new ManifestBytes { Manifest = ToWire.GridManifest(manifest) }, context.CancellationToken).ConfigureAwait(false);
        }
    }
}
