using System.Buffers;
using ZstdSharp;

namespace Archive.Codec.Compression;

/// <summary>
/// Compresses whole objects into a <see cref="CompressedContainer"/> and back: plain zstd or, when a
/// 16-bit <see cref="PixelRegion"/> is given, the byte-plane split with or without the delta predictor,
/// whichever packs a sample of the pixels smallest; the bytes are stored as they are unless that saves
/// more than 10%.
/// <para>Not thread-safe (it owns zstd contexts, reused across calls); use one per thread or pool them.
/// Scratch buffers come from <see cref="ArrayPool{T}.Shared"/> and are returned before each call ends.</para>
/// </summary>
public sealed class ObjectCompressor : IDisposable
{
    /// <summary>Compression must make the object at most this fraction of its size, else it is stored.</summary>
    public const double MaxUsefulRatio = 0.90;

    /// <summary>Regions shorter than this are not worth a second compression attempt.</summary>
    public const int MinRegionLength = 4096;

    /// <summary>Bytes of pixel rows the transform is chosen on.</summary>
    private const int SampleBytes = 32 * 1024;

    /// <summary>Inputs at least this long are cut into independent zstd frames compressed on several cores.</summary>
    private const int MinChunkLength = 128 * 1024;

    private readonly Compressor _compressor;
    private readonly Decompressor _decompressor = new();
    private readonly int _level;
    private Compressor[]? _chunkCompressors;

    /// <summary>Inputs being compressed by <see cref="Wrap"/> in this process right now, across instances.</summary>
    private static int s_compressing;

    /// <summary>Creates a compressor at zstd <paramref name="level"/> (1 = fastest, the archive default).</summary>
    public ObjectCompressor(int level = 1)
    {
        _compressor = new Compressor(level);
        _level = level;
        Level = level;
    }

    /// <summary>zstd level in use.</summary>
    public int Level { get; }

    /// <summary>Destination size that <see cref="Compress"/> always fits in.</summary>
    public static int MaxContainerLength(int sourceLength) =>
        CompressedContainer.HeaderLength + Math.Max(sourceLength, Compressor.GetCompressBound(sourceLength));

    /// <summary>
    /// Writes the container for <paramref name="source"/> to <paramref name="destination"/> (at least
    /// <see cref="MaxContainerLength"/> bytes) and returns its header; <c>ContainerLength</c> bytes were written.
    /// </summary>
    /// <remarks>
    /// This runs before an object is acknowledged, so zstd runs once over the object: the transform
    /// (plain, byte planes, byte planes with delta) is chosen on a sample of rows, and an object whose
    /// samples do not compress (already compressed pixel data) is stored without a full attempt.
    /// </remarks>
    public CompressedContainer Compress(ReadOnlySpan<byte> source, Span<byte> destination, PixelRegion? pixels = null)
    {
        if (destination.Length < MaxContainerLength(source.Length))
        {
            ThrowHelper.DestinationTooShort(nameof(destination));
        }

        Span<byte> payload = destination[CompressedContainer.HeaderLength..];
        var region = pixels is { } hint ? Usable(hint, source.Length) : null;
        var transform = region is { } r ? ChooseTransform(source, r) : LooksCompressible(source) ? CompressionTransform.Zstd : CompressionTransform.Stored;
        var header = transform switch
        {
            CompressionTransform.Stored => Stored(source, payload),
            CompressionTransform.Zstd => new CompressedContainer(CompressionTransform.Zstd, source.Length, default, Wrap(source, payload)),
            _ => CompressPlanes(source, payload, region!.Value, transform),
        };

        if (header.PayloadLength > source.Length * MaxUsefulRatio)
        {
            header = Stored(source, payload);
        }

        header.WriteHeader(destination);
        return header;
    }

    private static CompressedContainer Stored(ReadOnlySpan<byte> source, Span<byte> payload)
    {
        source.CopyTo(payload);
        return new CompressedContainer(CompressionTransform.Stored, source.Length, default, source.Length);
    }

    private CompressedContainer CompressPlanes(ReadOnlySpan<byte> source, Span<byte> payload, PixelRegion region, CompressionTransform transform)
    {
        byte[] planes = ArrayPool<byte>.Shared.Rent(source.Length);
        try
        {
            Transform(source, planes.AsSpan(0, source.Length), region, transform == CompressionTransform.BytePlaneDeltaZstd);
            return new CompressedContainer(transform, source.Length, region, Wrap(planes.AsSpan(0, source.Length), payload));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(planes);
        }
    }

    /// <summary>
    /// zstd over <paramref name="source"/> into <paramref name="payload"/>: a large input is cut into chunks, each its
    /// own zstd frame, laid end to end (standard zstd: one decompression call restores them, so the container format
    /// is unchanged). How it is cut depends on the length alone, never on the cores or the load: the same bytes always
    /// compress to the same bytes, which shard keys derived from the content rely on (two nodes storing one object at
    /// once write the same shards under the same keys; cut differently, a read mixing their shards would not decode).
    /// The chunks are compressed in parallel when the cores are free (an object is compressed before it is
    /// acknowledged: this halves that wait on two cores), one after another on the calling thread when every core
    /// already has an object, since hand-offs would only add work.
    /// </summary>
    private int Wrap(ReadOnlySpan<byte> source, Span<byte> payload)
    {
        int chunks = ChunksFor(source.Length);
        if (chunks < 2)
        {
            return _compressor.Wrap(source, payload);
        }

        int compressing = Interlocked.Increment(ref s_compressing);
        try
        {
            return WrapInChunks(source, payload, chunks, parallel: Environment.ProcessorCount / compressing >= 2);
        }
        finally
        {
            Interlocked.Decrement(ref s_compressing);
        }
    }

    /// <summary>Frames for an input of <paramref name="length"/> bytes: at most 4, none shorter than <see cref="MinChunkLength"/>.</summary>
    internal static int ChunksFor(int length) => Math.Clamp(length / MinChunkLength, 1, 4);

    private int WrapInChunks(ReadOnlySpan<byte> source, Span<byte> payload, int chunks, bool parallel)
    {
        var compressors = _chunkCompressors ??= Enumerable.Range(1, 3).Select(_ => new Compressor(_level)).ToArray();
        int chunkLength = (source.Length + chunks - 1) / chunks;
        var packed = new byte[chunks - 1][];
        var lengths = new int[chunks];
        unsafe
        {
            fixed (byte* sourcePointer = source)
            {
                var input = (IntPtr)sourcePointer;
                int length = source.Length;
                void Other(int i)
                {
                    var chunk = Chunk(input, length, chunkLength, i);
                    packed[i - 1] = ArrayPool<byte>.Shared.Rent(Compressor.GetCompressBound(chunk.Length));
                    lengths[i] = compressors[i - 1].Wrap(chunk, packed[i - 1]);
                }

                var others = parallel ? Enumerable.Range(1, chunks - 1).Select(i => Task.Run(() => Other(i))).ToArray() : [];
                lengths[0] = _compressor.Wrap(Chunk(input, length, chunkLength, 0), payload);
                if (parallel)
                {
                    Task.WaitAll(others);
                }
                else
                {
                    for (int i = 1; i < chunks; i++)
                    {
                        Other(i);
                    }
                }
            }
        }

        int written = lengths[0];
        bool fits = lengths.Sum() <= payload.Length;
        for (int i = 1; i < chunks; i++)
        {
            if (fits)
            {
                packed[i - 1].AsSpan(0, lengths[i]).CopyTo(payload[written..]);
                written += lengths[i];
            }

            ArrayPool<byte>.Shared.Return(packed[i - 1]);
        }

        // Frames of incompressible chunks can together pass one frame's bound: then one frame it is.
        return fits ? written : _compressor.Wrap(source, payload);

        static unsafe ReadOnlySpan<byte> Chunk(IntPtr input, int length, int chunkLength, int index)
        {
            int start = index * chunkLength;
            return new ReadOnlySpan<byte>((byte*)input + start, Math.Min(chunkLength, length - start));
        }
    }

    /// <summary>
    /// The transform that packs three bands of whole rows (at a quarter, half and three quarters of the
    /// pixels: anatomy and background both count) smallest, each band compressed on its own.
    /// </summary>
    private CompressionTransform ChooseTransform(ReadOnlySpan<byte> source, PixelRegion region)
    {
        const int Bands = 3;
        int regionSamples = (int)(region.Length / 2);
        int row = region.RowSamples > 0 ? region.RowSamples : 1;
        int bandSamples = Math.Min(regionSamples, Math.Max(1, SampleBytes / 2 / Bands / row) * row);
        byte[] planes = ArrayPool<byte>.Shared.Rent(2 * bandSamples);
        byte[] packed = ArrayPool<byte>.Shared.Rent(Compressor.GetCompressBound(2 * bandSamples));
        try
        {
            Span<long> sizes = stackalloc long[3]; // plain zstd, byte planes, byte planes with delta
            for (int band = 1; band <= Bands; band++)
            {
                int first = (int)((long)(regionSamples - bandSamples) * band / (Bands + 1)) / row * row;
                ReadOnlySpan<byte> sample = source.Slice((int)region.Offset + (2 * first), 2 * bandSamples);
                sizes[0] += _compressor.Wrap(sample, packed);
                for (int delta = 0; delta <= 1; delta++)
                {
                    BytePlane.Split(sample, planes.AsSpan(0, sample.Length), delta == 1, region.RowSamples);
                    sizes[1 + delta] += _compressor.Wrap(planes.AsSpan(0, sample.Length), packed);
                }
            }

            int best = sizes.IndexOf(Min(sizes));
            return best switch
            {
                0 => CompressionTransform.Zstd,
                1 => CompressionTransform.BytePlaneZstd,
                _ => CompressionTransform.BytePlaneDeltaZstd,
            };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(packed);
            ArrayPool<byte>.Shared.Return(planes);
        }

        static long Min(ReadOnlySpan<long> values) => Math.Min(values[0], Math.Min(values[1], values[2]));
    }

    /// <summary>
    /// False when three spread samples of a large object all fail to compress usefully (encapsulated
    /// JPEG and the like): zstd over the whole object would only spend time. Small objects are always tried.
    /// </summary>
    private bool LooksCompressible(ReadOnlySpan<byte> source)
    {
        const int Probe = SampleBytes / 2;
        if (source.Length < 8 * Probe)
        {
            return true;
        }

        byte[] packed = ArrayPool<byte>.Shared.Rent(Compressor.GetCompressBound(Probe));
        try
        {
            for (int quarter = 1; quarter <= 3; quarter++)
            {
                var probe = source.Slice((int)((long)source.Length * quarter / 4) - (Probe / 2), Probe);
                if (_compressor.Wrap(probe, packed) <= Probe * MaxUsefulRatio)
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(packed);
        }
    }

    /// <summary>
    /// Restores the exact original bytes into <paramref name="destination"/> and returns their length.
    /// </summary>
    /// <exception cref="InvalidDataException">The container is truncated or corrupt.</exception>
    /// <exception cref="ArgumentException">Destination shorter than the original length.</exception>
    public int Decompress(ReadOnlySpan<byte> container, Span<byte> destination)
    {
        if (!CompressedContainer.TryRead(container, out CompressedContainer header)
            || container.Length - CompressedContainer.HeaderLength < header.PayloadLength)
        {
            ThrowHelper.InvalidData("Compressed container is truncated.");
        }

        if (destination.Length < header.OriginalLength)
        {
            ThrowHelper.DestinationTooShort(nameof(destination));
        }

        int original = (int)header.OriginalLength;
        ReadOnlySpan<byte> payload = container.Slice(CompressedContainer.HeaderLength, (int)header.PayloadLength);
        Span<byte> output = destination[..original];
        switch (header.Transform)
        {
            case CompressionTransform.Stored:
                payload.CopyTo(output);
                break;
            case CompressionTransform.Zstd:
                Unwrap(payload, output, original);
                break;
            default:
                byte[] planes = ArrayPool<byte>.Shared.Rent(original);
                try
                {
                    Unwrap(payload, planes.AsSpan(0, original), original);
                    Untransform(planes.AsSpan(0, original), output, header.Region, header.Transform == CompressionTransform.BytePlaneDeltaZstd);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(planes);
                }

                break;
        }

        return original;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _compressor.Dispose();
        _decompressor.Dispose();
        foreach (var compressor in _chunkCompressors ?? [])
        {
            compressor.Dispose();
        }
    }

    private void Unwrap(ReadOnlySpan<byte> payload, Span<byte> output, int expected)
    {
        int length;
        try
        {
            length = _decompressor.Unwrap(payload, output);
        }
        catch (ZstdException e)
        {
            throw new InvalidDataException("Compressed payload is corrupt.", e);
        }

        if (length != expected)
        {
            ThrowHelper.InvalidData("Compressed payload does not restore the recorded length.");
        }
    }

    private static PixelRegion? Usable(PixelRegion hint, int sourceLength)
    {
        long length = hint.Length & ~1L;
        bool ok = hint.Offset >= 0 && length >= MinRegionLength && hint.Offset + length <= sourceLength && hint.RowSamples >= 0;
        return ok ? hint with { Length = length } : null;
    }

    private static void Transform(ReadOnlySpan<byte> source, Span<byte> destination, PixelRegion region, bool delta)
    {
        int start = (int)region.Offset, length = (int)region.Length;
        source[..start].CopyTo(destination);
        BytePlane.Split(source.Slice(start, length), destination.Slice(start, length), delta, region.RowSamples);
        source[(start + length)..].CopyTo(destination[(start + length)..]);
    }

    private static void Untransform(ReadOnlySpan<byte> source, Span<byte> destination, PixelRegion region, bool delta)
    {
        int start = (int)region.Offset, length = (int)region.Length;
        source[..start].CopyTo(destination);
        BytePlane.Join(source.Slice(start, length), destination.Slice(start, length), delta, region.RowSamples);
        source[(start + length)..].CopyTo(destination[(start + length)..]);
    }
}
