using System.Buffers;
using Archive.Codec.Fixity;

namespace Archive.Service.Storing;

/// <summary>
/// The bytes of one object in transit: a C-STORE's dataset as it arrives (hashed, SHA-256, as it is appended so the
/// grid writer need not read it a second time), or a retrieve's object as the grid reader writes it. Held in pooled
/// memory while the object stays under its per-object limit and the <see cref="SpoolBudget"/> has room; past either,
/// moved to a delete-on-close file, so a 1 GB object never sits in memory. Appended once (<see cref="AppendAsync"/>
/// or the stream's asynchronous writes), then read and seeked as a <see cref="Stream"/>.
/// Not thread-safe; disposal returns the memory and deletes the file.
/// </summary>
internal sealed class Spool : Stream
{
    private const int ChunkBytes = 128 * 1024;

    private readonly SpoolBudget _budget;
    private readonly long _memoryLimit;
    private readonly string _filePath;
    private readonly List<byte[]> _chunks = [];
    private readonly ObjectHasher? _hasher;
    private FileStream? _file;
    private long _length;
    private long _position;
    private bool _disposed;

    /// <param name="budget">The memory this spool shares with the others of its kind.</param>
    /// <param name="memoryLimit">Objects larger than this go to a file.</param>
    /// <param name="directory">Where such a file goes.</param>
    /// <param name="hashes">Whether <see cref="Digest"/> is wanted (a retrieve's reader verifies on its own).</param>
    public Spool(SpoolBudget budget, long memoryLimit, string directory, bool hashes = true)
    {
        _budget = budget;
        _memoryLimit = memoryLimit;
        _filePath = Path.Combine(directory, Guid.NewGuid().ToString("N") + FileExtension);
        _hasher = hashes ? new ObjectHasher() : null;
    }

    /// <summary>Spool files of a node that stopped mid-store or mid-retrieve carry this extension; nothing refers to them.</summary>
    public const string FileExtension = ".spool";

    /// <summary>Deletes the spool files a node left in <paramref name="directory"/> when it stopped (creating the directory if needed).</summary>
    public static void RemoveAbandoned(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.EnumerateFiles(directory, "*" + FileExtension))
        {
            File.Delete(file);
        }
    }

    /// <summary>Whether the bytes went to a file (the object was large or memory was short).</summary>
    public bool OnDisk => _file is not null;

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed;

    public override bool CanWrite => !_disposed;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    /// <summary>Adds the next bytes of the object.</summary>
    public async ValueTask AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _hasher?.Append(data.Span);
        if (_file is null && !TryHold(data.Length))
        {
            await MoveToFileAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_file is not null)
        {
            _file.Seek(_length, SeekOrigin.Begin);
            await _file.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            _length += data.Length;
            return;
        }

        var source = data.Span;
        while (!source.IsEmpty)
        {
            var chunk = _chunks[(int)(_length / ChunkBytes)];
            int at = (int)(_length % ChunkBytes), n = Math.Min(source.Length, ChunkBytes - at);
            source[..n].CopyTo(chunk.AsSpan(at));
            source = source[n..];
            _length += n;
        }
    }

    /// <summary>The SHA-256 of everything appended (call once, after the last append; only on a spool that hashes).</summary>
    public Sha256Digest Digest() => (_hasher ?? throw new InvalidOperationException("this spool does not hash")).Finish();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_file is not null)
        {
            _file.Seek(_position, SeekOrigin.Begin);
            int read = _file.Read(buffer);
            _position += read;
            return read;
        }

        int total = 0;
        while (!buffer.IsEmpty && _position < _length)
        {
            int at = (int)(_position % ChunkBytes);
            int n = (int)Math.Min(Math.Min(buffer.Length, ChunkBytes - at), _length - _position);
            _chunks[(int)(_position / ChunkBytes)].AsSpan(at, n).CopyTo(buffer);
            buffer = buffer[n..];
            _position += n;
            total += n;
        }

        return total;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_file is null)
        {
            return Read(buffer.Span);
        }

        _file.Seek(_position, SeekOrigin.Begin);
        int read = await _file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = target;
        return target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("a spool is written asynchronously (it may move to a file)");

    /// <summary>Appends (<see cref="AppendAsync"/>), wherever the position is.</summary>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => AppendAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        AppendAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            await _file.DisposeAsync().ConfigureAwait(false);
        }

        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            return;
        }

        _disposed = true;
        _file?.Dispose();
        ReleaseChunks();
        _hasher?.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Makes room in memory for <paramref name="count"/> more bytes, or says the object must go to a file.</summary>
    private bool TryHold(int count)
    {
        long needed = _length + count;
        if (needed > _memoryLimit)
        {
            return false;
        }

        while ((long)_chunks.Count * ChunkBytes < needed)
        {
            if (!_budget.TryReserve(ChunkBytes))
            {
                return false;
            }

            _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkBytes));
        }

        return true;
    }

    private async Task MoveToFileAsync(CancellationToken cancellationToken)
    {
        _file = new FileStream(_filePath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        for (long written = 0; written < _length; written += ChunkBytes)
        {
            var chunk = _chunks[(int)(written / ChunkBytes)];
            await _file.WriteAsync(chunk.AsMemory(0, (int)Math.Min(ChunkBytes, _length - written)), cancellationToken).ConfigureAwait(false);
        }

        ReleaseChunks();
    }

    private void ReleaseChunks()
    {
        foreach (var chunk in _chunks)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        _budget.Release((long)_chunks.Count * ChunkBytes);
        _chunks.Clear();
    }
}
