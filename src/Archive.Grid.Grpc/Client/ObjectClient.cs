using Archive.Codec.Fixity;
using Archive.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Archive.Grid.Grpc.Client;

/// <summary>
/// Whole-object put and get through one node's AdminService (archivectl, tools, tests, benchmarks).
/// A get verifies the SHA-256 of what arrived against the header before reporting success, so a
/// caller never takes partial or wrong bytes for the object. Thread-safe; does not own the channel.
/// </summary>
public sealed class ObjectClient(PeerChannel channel)
{
    /// <summary>Streams <paramref name="length"/> bytes of <paramref name="content"/> as the object.</summary>
    public async Task<ObjectPutResult> PutAsync(string partitionKey, string objectName, Stream content, long length, ReadOnlyMemory<byte> attributes, CancellationToken cancellationToken = default, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var call = channel.Admin.PutObject(channel.Call(cancellationToken, timeout));
        var header = new PutObjectHeader { ObjectName = objectName, PartitionKey = partitionKey, Length = length, Attributes = ByteString.CopyFrom(attributes.Span) };
        await call.RequestStream.WriteAsync(new PutObjectChunk { Header = header }, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[channel.ChunkBytes];
        long sent = 0;
        while (sent < length)
        {
            var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - sent)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException($"content ended after {sent} of {length} bytes");
            }

            await call.RequestStream.WriteAsync(new PutObjectChunk { Data = ByteString.CopyFrom(buffer, 0, read) }, cancellationToken).ConfigureAwait(false);
            sent += read;
        }

        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        var reply = await call.ResponseAsync.ConfigureAwait(false);
        return new ObjectPutResult((int)reply.Status, reply.Status.ToString(), reply.Detail, reply.Length, reply.StorageClass, reply.MissedShards,
            reply.Sha256.Length == Sha256Digest.Length ? new Sha256Digest(reply.Sha256.Span) : null);
    }

    /// <summary>
    /// Reads the newest version into <paramref name="destination"/>. On anything but
    /// <see cref="ObjectGetStatus.Ok"/> the destination holds partial bytes to discard.
    /// </summary>
    public async Task<ObjectGetResult> GetAsync(string partitionKey, string objectName, Stream destination, CancellationToken cancellationToken = default, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var request = new GetObjectRequest { PartitionKey = partitionKey, ObjectName = objectName };
        try
        {
            using var call = channel.Admin.GetObject(request, channel.Call(cancellationToken, timeout));
            GetObjectHeader? header = null;
            using var hasher = new ObjectHasher();
            while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                var chunk = call.ResponseStream.Current;
                if (chunk.KindCase == GetObjectChunk.KindOneofCase.Header)
                {
                    header = chunk.Header;
                    continue;
                }

                hasher.Append(chunk.Data.Span);
                await destination.WriteAsync(chunk.Data.Memory, cancellationToken).ConfigureAwait(false);
            }

            if (header is null)
            {
                return new ObjectGetResult(ObjectGetStatus.Failed, "the node sent no header", 0, 0);
            }

            var received = hasher.Length;
            var sha = hasher.Finish();
            return received == header.Length && sha.Bytes.SequenceEqual(header.Sha256.Span)
                ? new ObjectGetResult(ObjectGetStatus.Ok, "read", header.Length, header.VersionCount)
                : new ObjectGetResult(ObjectGetStatus.FixityMismatch, $"received {received} bytes whose SHA-256 does not match the manifest", header.Length, header.VersionCount);
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            var status = e.StatusCode switch
            {
                StatusCode.NotFound => ObjectGetStatus.NotFound,
                StatusCode.Unavailable => ObjectGetStatus.Unavailable,
                StatusCode.DataLoss => ObjectGetStatus.FixityMismatch,
                _ => ObjectGetStatus.Failed,
            };
            return new ObjectGetResult(status, $"{e.StatusCode}: {e.Status.Detail}", 0, 0);
        }
    }
}

/// <summary>What a put did: <see cref="Status"/> is the grid write status value and <see cref="StatusName"/> its name.</summary>
public sealed record ObjectPutResult(int Status, string StatusName, string Detail, long Length, string StorageClass, int MissedShards, Sha256Digest? Sha256)
{
    /// <summary>Stored, StoredNewVersion or Duplicate: the object is acknowledged.</summary>
    public bool IsAcknowledged => Status is 1 or 2 or 3;
}

/// <summary>What a get did.</summary>
public enum ObjectGetStatus
{
    /// <summary>Every byte received and the SHA-256 verified here.</summary>
    Ok = 1,

    NotFound = 2,

    /// <summary>Too few shards or replicas reachable to rebuild the object now.</summary>
    Unavailable = 3,

    /// <summary>The bytes did not match the object's SHA-256 (refused by the node or caught here).</summary>
    FixityMismatch = 4,

    Failed = 5,
}

/// <summary>A get's result; <see cref="Detail"/> is the clear error on failure.</summary>
public sealed record ObjectGetResult(ObjectGetStatus Status, string Detail, long Length, int VersionCount);
