using System.Runtime.CompilerServices;
using Archive.Contracts.V1;
using Archive.Grid.Grpc.Errors;
using Archive.Grid.Grpc.Mapping;
using Archive.Grid.Manifests;
using Archive.Grid.Peers;
using Archive.Storage.Primitives;
using Grpc.Core;

namespace Archive.Grid.Grpc.Client;

/// <summary>
/// A peer's catalog partition replica over gRPC. Failed calls throw <see cref="PeerCallException"/>
/// (a missed replica to the grid). Manifests travel in their checksummed persisted form and are
/// verified on arrival. Thread-safe; does not own the channel.
/// </summary>
public sealed class RemoteManifestReplica(PeerChannel channel) : IManifestReplica
{
    /// <inheritdoc />
    public async ValueTask<bool> PutAsync(GridManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        try
        {
            var reply = await channel.Manifests.PutAsync(new ManifestBytes { Manifest = ToWire.GridManifest(manifest) }, channel.Call(cancellationToken)).ConfigureAwait(false);
            return reply.Stored;
        }
        catch (RpcException e)
        {
            throw RpcErrorMap.FromRpc(channel.NodeId, e, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> MovePlacementAsync(GridManifest from, GridManifest to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        try
        {
            var request = new PlacementMove { From = ToWire.GridManifest(from), To = ToWire.GridManifest(to) };
            var reply = await channel.Manifests.MovePlacementAsync(request, channel.Call(cancellationToken)).ConfigureAwait(false);
            return reply.Stored;
        }
        catch (RpcException e)
        {
            throw RpcErrorMap.FromRpc(channel.NodeId, e, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<GridManifest>> GetVersionsAsync(string partitionKey, ObjectId objectId, CancellationToken cancellationToken = default)
    {
        try
        {
            var request = new GetVersionsRequest { PartitionKey = partitionKey, ObjectId = ToWire.ObjectId(objectId) };
            var reply = await channel.Manifests.GetVersionsAsync(request, channel.Call(cancellationToken)).ConfigureAwait(false);
            return reply.Manifests.Select(FromWire.GridManifest).ToArray();
        }
        catch (RpcException e)
        {
            throw RpcErrorMap.FromRpc(channel.NodeId, e, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<GridManifest> ListPartitionAsync(string partitionKey, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var call = channel.Manifests.ListPartition(new ListPartitionRequest { PartitionKey = partitionKey }, channel.Call(cancellationToken, TimeSpan.FromHours(1)));
        while (true)
        {
            GridManifest manifest;
            try
            {
                if (!await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
                {
                    yield break;
                }

                manifest = FromWire.GridManifest(call.ResponseStream.Current.Manifest);
            }
            catch (RpcException e)
            {
                throw RpcErrorMap.FromRpc(channel.NodeId, e, cancellationToken);
            }

            yield return manifest;
        }
    }
}
