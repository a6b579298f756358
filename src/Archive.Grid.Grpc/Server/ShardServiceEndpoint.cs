using System.Buffers;
using Archive.Contracts.V1;
using Archive.Grid.Grpc.Mapping;
using Archive.Storage.Store;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Grpc.Server;

/// <summary>
/// ShardService over this node's <see cref="IShardStore"/>. Payloads stream in chunks of at most
/// <see cref="GrpcEdgeOptions.ChunkBytes"/>, or come whole in one message when they fit one chunk
/// (PutWhole); a streamed put's buffer is bounded by
/// <see cref="GrpcEdgeOptions.MaxShardBytes"/> before anything is allocated, and filled only with
/// bytes that actually arrived. Stateless per call; thread-safe.
/// </summary>
public sealed partial class ShardServiceEndpoint(IShardStore store, GrpcEdgeOptions options, ILogger<ShardServiceEndpoint> logger) : ShardService.ShardServiceBase
{
    public override async Task<PutShardReply> Put(IAsyncStreamReader<PutShardChunk> requestStream, ServerCallContext context)
    {
        var token = context.CancellationToken;
        if (!await requestStream.MoveNext(token).ConfigureAwait(false) || requestStream.Current.KindCase != PutShardChunk.KindOneofCase.Header)
        {
            throw new InvalidDataException("a shard put starts with its header");
        }

        var header = requestStream.Current.Header;
        var length = CheckedLength(header);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
        try
        {
            var received = 0;
            while (await requestStream.MoveNext(token).ConfigureAwait(false))
            {
                var chunk = requestStream.Current;
                if (chunk.KindCase != PutShardChunk.KindOneofCase.Data || chunk.Data.Length > options.ChunkBytes || chunk.Data.Length > length - received)
                {
                    throw new InvalidDataException("shard data chunk out of place, too large or beyond the announced length");
                }

                chunk.Data.Span.CopyTo(buffer.AsSpan(received));
                received += chunk.Data.Length;
            }

            if (received != length)
            {
                throw new InvalidDataException($"shard put announced {length} bytes, sent {received}");
            }

            return await StoreAsync(header, buffer.AsMemory(0, length), token).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override Task<PutShardReply> PutWhole(PutWholeShardRequest request, ServerCallContext context)
    {
        var length = CheckedLength(request.Header ?? throw new InvalidDataException("a shard put carries its header"));
        if (length > options.ChunkBytes || request.Data.Length != length)
        {
            throw new InvalidDataException($"a whole shard put holds one chunk of exactly its announced length ({request.Data.Length} bytes for {length}, at most {options.ChunkBytes})");
        }

        return StoreAsync(request.Header, request.Data.Memory, context.CancellationToken);
    }

    /// <summary>The announced length, refused beyond the limits before any buffer is taken.</summary>
    private int CheckedLength(PutShardHeader header)
    {
        if (header.Length < 0 || header.Length > options.MaxShardBytes || header.ShardIndex > ushort.MaxValue)
        {
            throw new InvalidDataException($"shard length {header.Length} or index {header.ShardIndex} beyond limits");
        }

        return (int)header.Length;
    }

    private async Task<PutShardReply> StoreAsync(PutShardHeader header, ReadOnlyMemory<byte> data, CancellationToken token)
    {
        var manifest = FromWire.Manifest(header.Manifest);
        var outcome = await store.PutAsync(new ShardWrite(manifest, (ushort)header.ShardIndex, data, FromWire.Disk(header.PreferredDisk)), token).ConfigureAwait(false);
        if (!outcome.IsStored)
        {
            LogPutRefused(manifest.Key.ToString(), header.ShardIndex, outcome.Status);
        }

        return new PutShardReply { Status = ToWire.Status(outcome.Status), DiskId = outcome.IsStored ? outcome.Disk.ToString() : string.Empty };
    }

    public override async Task Read(ReadShardRequest request, IServerStreamWriter<ReadShardChunk> responseStream, ServerCallContext context)
    {
        var key = FromWire.ShardKey(request.Key);
        if (request.Offset < 0 || request.Length < 0 || request.Length > options.MaxShardBytes)
        {
            throw new InvalidDataException("read range out of limits");
        }

        var token = context.CancellationToken;
        var buffer = ArrayPool<byte>.Shared.Rent(options.ChunkBytes);
        try
        {
            long position = request.Offset;
            var remaining = request.Length;
            do
            {
                var want = Math.Min(remaining, options.ChunkBytes);
                var outcome = await store.ReadAsync(key, position, buffer.AsMemory(0, want), token).ConfigureAwait(false);
                var chunk = new ReadShardChunk { Status = ToWire.Status(outcome.Status), ShardLength = outcome.ShardLength, BadBlock = outcome.BadBlock };
                if (outcome.Status != ShardStatus.Ok)
                {
                    await responseStream.WriteAsync(chunk, token).ConfigureAwait(false);
                    return;
                }

                // Serialized by WriteAsync before it completes, so the buffer may be reused after.
                chunk.Data = UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, outcome.BytesRead));
                await responseStream.WriteAsync(chunk, token).ConfigureAwait(false);
                position += outcome.BytesRead;
                remaining -= outcome.BytesRead;
                if (outcome.BytesRead < want)
                {
                    return;
                }
            }
            while (remaining > 0);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override async Task<VerifyShardReply> Verify(ShardKeyMessage request, ServerCallContext context)
    {
        var outcome = await store.VerifyAsync(FromWire.ShardKey(request), context.CancellationToken).ConfigureAwait(false);
        return new VerifyShardReply { Status = ToWire.Status(outcome.Status), RecordStatus = (int)outcome.Record, BadBlock = outcome.BadBlock, DiskId = outcome.Disk ?? string.Empty };
    }

    public override async Task<DeleteShardReply> Delete(ShardKeyMessage request, ServerCallContext context)
    {
        var status = await store.DeleteAsync(FromWire.ShardKey(request), context.CancellationToken).ConfigureAwait(false);
        return new DeleteShardReply { Status = ToWire.Status(status) };
    }

    public override async Task List(ListShardsRequest request, IServerStreamWriter<ShardInfoMessage> responseStream, ServerCallContext context)
    {
        var objectId = request.ObjectId.IsEmpty ? (Storage.Primitives.ObjectId?)null : FromWire.ObjectId(request.ObjectId);
        await foreach (var info in store.ListAsync(objectId, context.CancellationToken).ConfigureAwait(false))
        {
            await responseStream.WriteAsync(ToWire.ShardInfo(info), context.CancellationToken).ConfigureAwait(false);
        }
    }

    public override async Task<GetManifestReply> GetManifest(ObjectKeyMessage request, ServerCallContext context)
    {
        var manifest = await store.GetManifestAsync(FromWire.ObjectKey(request), context.CancellationToken).ConfigureAwait(false);
        return manifest is null ? new GetManifestReply { Found = false } : new GetManifestReply { Found = true, Manifest = ToWire.Manifest(manifest) };
    }

    [LoggerMessage(EventId = 2803, Level = LogLevel.Warning, Message = "Shard put {Key}/s{ShardIndex} not stored: {Status}")]
    private partial void LogPutRefused(string key, uint shardIndex, ShardStatus status);
}
