using System.Buffers;
using Archive.Codec.Fixity;

namespace Archive.Service.Retrieving;

/// <summary>
/// A verified object read back from a spool file, hashed again as it is read: the bytes a retrieve sends are the
/// bytes that were verified, or the read fails before the last of them leaves (the sub-operation fails, the
/// requestor never receives a whole object) should the file have changed since. Reads are expected in order from
/// where the caller seeks to; bytes skipped by a forward seek are read and hashed, a backward seek starts over.
/// Owns the inner stream. Not thread-safe.
/// </summary>
/// <param name="changed">Told before the read fails (for the log).</param>
internal sealed class RecheckingStream(Stream inner, Sha256Digest expected, Action? changed = null) : Stream
{
    private readonly ObjectHasher _hasher = new();
    private long _hashed; // bytes from the start hashed so far, which is also the position

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => _hashed;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Hash(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Hash(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _hashed + offset,
            _ => inner.Length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target);
        if (target < _hashed)
        {
            _hasher.Finish(); // starts over
            _hashed = 0;
            inner.Seek(0, SeekOrigin.Begin);
        }

        var skip = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            while (_hashed < target)
            {
                var read = inner.Read(skip, 0, (int)Math.Min(skip.Length, target - _hashed));
                if (read == 0)
                {
                    break;
                }

                Hash(skip.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(skip);
        }

        return _hashed;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hasher.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        _hasher.Dispose();
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Hash(ReadOnlySpan<byte> piece)
    {
        _hasher.Append(piece);
        _hashed += piece.Length;
        if (_hashed == inner.Length && piece.Length > 0 && _hasher.Finish() != expected)
        {
            changed?.Invoke();
            throw new IOException("the object's bytes changed in its spool file after they were verified; not sent");
        }
    }
}
