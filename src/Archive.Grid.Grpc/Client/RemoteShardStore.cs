using System.Runtime.CompilerServices;
using Archive.Contracts.V1;
using Archive.Grid.Grpc.Errors;
using Archive.Grid.Grpc.Mapping;
using Archive.Grid.Grpc.Peers;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Store;
using Google.Protobuf;
using Grpc.Core;

namespace Archive.Grid.Grpc.Client;

/// <summary>
/// A peer's shard store over gRPC. Expected outcomes come back as values, exactly as the peer's
/// <see cref="IShardStore"/> returned them; a call that fails (unreachable, past its deadline,
/// refused) throws <see cref="PeerCallException"/> (or <see cref="OperationCanceledException"/>
/// when the caller cancelled), which the grid counts as a missed peer. <see cref="GetHealth"/>
/// answers from the peer's last heartbeat. Thread-safe; does not own the channel.
/// </summary>
public sealed class RemoteShardStore(PeerChannel channel, PeerReports reports) : IShardStore
{
    private volatile bool _wholeUnimplemented;

    /// <inheritdoc />
    public async ValueTask<PutOutcome> PutAsync(ShardWrite shard, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var header = new PutShardHeader
        {
            Manifest = ToWire.Manifest(shard.Manifest),
            ShardIndex = shard.ShardIndex,
            Length = shard.Data.Length,
            PreferredDisk = shard.PreferredDisk?.ToString() ?? string.Empty,
        };
        try
        {
            var reply = shard.Data.Length <= channel.ChunkBytes && !_wholeUnimplemented
                ? await PutWholeAsync(header, shard.Data, cancellationToken).ConfigureAwait(false)
                : await PutStreamedAsync(header, shard.Data, cancellationToken).ConfigureAwait(false);
            return new PutOutcome(FromWire.Status(reply.Status), FromWire.Disk(reply.DiskId) ?? default);
        }
        catch (RpcException e)
        {
            throw RpcErrorMap.FromRpc(channel.NodeId, e, cancellationToken);
        }
    }

    /// <summary>A shard of one chunk: one unary call. A peer that predates PutWhole gets the streamed put from then on.</summary>
    private async Task<PutShardReply> PutWholeAsync(PutShardHeader header, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            var request = new PutWholeShardRequest { Header = header, Data = UnsafeByteOperations.UnsafeWrap(data) };
            return await channel.Shards.PutWholeAsync(request, channel.Call(cancellationToken)).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            _wholeUnimplemented = true; // a rolling upgrade: this peer still runs the previous version
            return await PutStreamedAsync(header, data, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<PutShardReply> PutStreamedAsync(PutShardHeader header, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        using var call = channel.Shards.Put(channel.Call(cancellationToken));
        if (await TryWriteAsync(call, new PutShardChunk { Header = header }, cancellationToken).ConfigureAwait(false))
        {
            for (var offset = 0; offset < data.Length; offset += channel.ChunkBytes)
            {
                var chunk = data.Slice(offset, Math.Min(channel.ChunkBytes, data.Length - offset));
                if (!await TryWriteAsync(call, new PutShardChunk { Data = UnsafeByteOperations.UnsafeWrap(chunk) }, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }

            await TryCompleteAsync(call).ConfigureAwait(false);
        }

        // When the server refused early, the write side failed; its status is in the response.
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ReadOutcome> ReadAsync(ShardKey key, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        try
        {
            var request = new ReadShardRequest { Key = ToWire.ShardKey(key), Offset = offset, Length = destination.Length };
            using var call = channel.Shards.Read(request, channel.Call(cancellationToken));
            var read = 0;
            long shardLength = 0;
            while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                var chunk = call.ResponseStream.Current;
                shardLength = chunk.ShardLength;
                var status = FromWire.Status(chunk.Status);
                if (status != ShardStatus.Ok)
                {
                    return new ReadOutcome(status, 0, chunk.ShardLength, chunk.BadBlock);
                }

                if (chunk.Data.Length > destination.Length - read)
                {
                    throw new PeerCallException(channel.NodeId, StatusCode.Internal, "peer sent more bytes than asked");
                }

                chunk.Data.Span.CopyTo(destination.Span[read..]);
                read += chunk.Data.Length;
            }

            return new ReadOutcome(ShardStatus.Ok, read, shardLength);
        }
        catch (RpcException e)
        {
            throw RpcErrorMap.FromRpc(channel.NodeId, e, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask<ShardStatus> DeleteAsync(ShardKey key, CancellationToken cancellationToken = default)
    {
        try
        {
            var reply = await channel.Shards.DeleteAsync(ToWire.ShardKey(key), channel.Call(cancellationToken)).ConfigureAwait(false);
            return FromWire.Status(reply.Status);
        }
        catch (RpcException e)
        {
            throw RpcErrorMap.FromRpc(channel.NodeId, e, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask<VerifyOutcome> VerifyAsync(ShardKey key, CancellationToken cancellationToken = default)
    {
        try
        {
            var reply = await channel.Shards.VerifyAsync(ToWire.ShardKey(key), channel.Call(cancellationToken)).ConfigureAwait(false);
            return new VerifyOutcome(FromWire.Status(reply.Status), (RecordStatus)reply.RecordStatus, reply.BadBlock, reply.DiskId.Length == 0 ? null : reply.DiskId);
        }
        catch (RpcException e)
        {
            throw RpcErrorMap.FromRpc(channel.NodeId, e, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask<ObjectManifest?> GetManifestAsync(ObjectKey key, CancellationToken cancellationToken = default)
    {
        try
        {
            var reply = await channel.Shards.GetManifestAsync(ToWire.ObjectKey(key), channel.Call(cancellationToken)).ConfigureAwait(false);
            return reply.Found ? FromWire.Manifest(reply.Manifest) : null;
        }
        catch (RpcException e)
        {
            throw RpcErrorMap.FromRpc(channel.NodeId, e, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ShardInfo> ListAsync(ObjectId? objectId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ListShardsRequest { ObjectId = objectId is { } id ? ToWire.ObjectId(id) : ByteString.Empty };
        using var call = channel.Shards.List(request, channel.Call(cancellationToken, TimeSpan.FromHours(1)));
        while (true)
        {
            ShardInfo info;
            try
            {
                if (!await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
                {
                    yield break;
                }

                info = FromWire.ShardInfo(call.ResponseStream.Current);
            }
            catch (RpcException e)
            {
                throw RpcErrorMap.FromRpc(channel.NodeId, e, cancellationToken);
            }

            yield return info;
        }
    }

    /// <inheritdoc />
    public StoreHealth GetHealth() =>
        new(StorageNodeIds.Of(channel.NodeId), reports.Of(channel.NodeId)?.Disks ?? []);

    /// <summary>Writes one message; false when the server already ended the call (its status is then in the response).</summary>
    private static async Task<bool> TryWriteAsync(AsyncClientStreamingCall<PutShardChunk, PutShardReply> call, PutShardChunk chunk, CancellationToken cancellationToken)
    {
        try
        {
            await call.RequestStream.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException || (e is RpcException && !cancellationToken.IsCancellationRequested))
        {
            return false; // the server already ended the call (e.g. refused the shard): read its status
        }
    }

    private static async Task TryCompleteAsync(AsyncClientStreamingCall<PutShardChunk, PutShardReply> call)
    {
        try
        {
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or RpcException)
        {
            // the server already ended the call; ResponseAsync carries why
        }
    }
}
