using Archive.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Archive.Grid.Grpc.Server;

/// <summary>
/// A write-only stream that sends what is written to it as GetObject data chunks of at most
/// <c>chunkBytes</c>, so the grid reader streams straight to the caller with bounded messages.
/// Not thread-safe (one reader writes it); does not own the response stream.
/// </summary>
internal sealed class ObjectChunkStream(IServerStreamWriter<GetObjectChunk> response, int chunkBytes) : Stream
{
    public long Written { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        for (var offset = 0; offset < buffer.Length; offset += chunkBytes)
        {
            var slice = buffer.Slice(offset, Math.Min(chunkBytes, buffer.Length - offset));
            await response.WriteAsync(new GetObjectChunk { Data = ByteString.CopyFrom(slice.Span) }, cancellationToken).ConfigureAwait(false);
            Written += slice.Length;
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("write asynchronously");

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
