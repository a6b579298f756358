using System.Buffers;
using ZstdSharp;

namespace Archive.Codec.Compression;

/// <summary>
/// Compresses whole objects into a <see cref="CompressedContainer"/> and back. Tries plain zstd and, when a
/// 16-bit <see cref="PixelRegion"/> is given, the byte-plane split with and without the delta predictor;
/// keeps the smallest, and stores the bytes as they are unless that saves more than 10%.
/// <para>Not thread-safe (it owns zstd contexts, reused across calls); use one per thread or pool them.
/// Scratch buffers come from <see cref="ArrayPool{T}.Shared"/> and are returned before each call ends.</para>
/// </summary>
public sealed class ObjectCompressor : IDisposable
{
    /// <summary>Compression must make the object at most this fraction of its size, else it is stored.</summary>
    public const double MaxUsefulRatio = 0.90;

    /// <summary>Regions shorter than this are not worth a second compression attempt.</summary>
    public const int MinRegionLength = 4096;

    private readonly Compressor _compressor;
    private readonly Decompressor _decompressor = new();

    /// <summary>Creates a compressor at zstd <paramref name="level"/> (1 = fastest, the archive default).</summary>
    public ObjectCompressor(int level = 1)
    {
        _compressor = new Compressor(level);
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
    public CompressedContainer Compress(ReadOnlySpan<byte> source, Span<byte> destination, PixelRegion? pixels = null)
    {
        if (destination.Length < MaxContainerLength(source.Length))
        {
            ThrowHelper.DestinationTooShort(nameof(destination));
        }

        Span<byte> payload = destination[CompressedContainer.HeaderLength..];
        int best = _compressor.Wrap(source, payload);
        var header = new CompressedContainer(CompressionTransform.Zstd, source.Length, default, best);

        if (pixels is { } hint && Usable(hint, source.Length) is { } region)
        {
            byte[] planes = ArrayPool<byte>.Shared.Rent(source.Length);
            byte[] packed = ArrayPool<byte>.Shared.Rent(Compressor.GetCompressBound(source.Length));
            try
            {
                foreach (bool delta in (ReadOnlySpan<bool>)[false, true])
                {
                    Transform(source, planes.AsSpan(0, source.Length), region, delta);
                    int length = _compressor.Wrap(planes.AsSpan(0, source.Length), packed);
                    if (length < best)
                    {
                        best = length;
                        packed.AsSpan(0, length).CopyTo(payload);
                        var transform = delta ? CompressionTransform.BytePlaneDeltaZstd : CompressionTransform.BytePlaneZstd;
                        header = new CompressedContainer(transform, source.Length, region, length);
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(packed);
                ArrayPool<byte>.Shared.Return(planes);
            }
        }

        if (best > source.Length * MaxUsefulRatio)
        {
            source.CopyTo(payload);
            header = new CompressedContainer(CompressionTransform.Stored, source.Length, default, source.Length);
        }

        header.WriteHeader(destination);
        return header;
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
