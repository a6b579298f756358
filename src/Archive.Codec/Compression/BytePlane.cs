namespace Archive.Codec.Compression;

/// <summary>
/// The lossless 16-bit byte-plane split and its inverse. For n samples: output[0..n) holds the high
/// bytes, output[n..2n) the low bytes; with <c>delta</c>, each sample is first replaced by its difference
/// (mod 2^16) from the left neighbour, or from the sample above at the start of a row.
/// Medical pixel data is 12–16 bits in 16-bit words: the high plane is nearly constant and the low plane
/// carries the noise, so zstd finds far more matches than in interleaved bytes.
/// </summary>
public static class BytePlane
{
    /// <summary>Splits <paramref name="source"/> (even length) into planes in <paramref name="destination"/>.</summary>
    public static void Split(ReadOnlySpan<byte> source, Span<byte> destination, bool delta, int rowSamples)
    {
        int n = source.Length / 2;
        CheckShapes(source.Length, destination.Length);
        Span<byte> high = destination[..n];
        Span<byte> low = destination.Slice(n, n);
        int row = rowSamples > 0 ? rowSamples : int.MaxValue;
        for (int i = 0; i < n; i++)
        {
            int value = source[2 * i] | (source[(2 * i) + 1] << 8);
            if (delta)
            {
                value -= Predictor(source, i, row);
            }

            low[i] = (byte)value;
            high[i] = (byte)(value >> 8);
        }
    }

    /// <summary>Inverse of <see cref="Split"/>: <paramref name="planes"/> back to interleaved samples.</summary>
    public static void Join(ReadOnlySpan<byte> planes, Span<byte> destination, bool delta, int rowSamples)
    {
        int n = planes.Length / 2;
        CheckShapes(planes.Length, destination.Length);
        ReadOnlySpan<byte> high = planes[..n];
        ReadOnlySpan<byte> low = planes.Slice(n, n);
        int row = rowSamples > 0 ? rowSamples : int.MaxValue;
        for (int i = 0; i < n; i++)
        {
            int value = low[i] | (high[i] << 8);
            if (delta)
            {
                value += Predictor(destination, i, row);
            }

            destination[2 * i] = (byte)value;
            destination[(2 * i) + 1] = (byte)(value >> 8);
        }
    }

    private static int Predictor(ReadOnlySpan<byte> samples, int i, int row)
    {
        int neighbour = i % row != 0 ? i - 1 : i - row;
        return neighbour >= 0 ? samples[2 * neighbour] | (samples[(2 * neighbour) + 1] << 8) : 0;
    }

    private static void CheckShapes(int source, int destination)
    {
        if (source % 2 != 0 || destination != source)
        {
            ThrowHelper.Argument(nameof(destination), "Planes and samples must be the same even length.");
        }
    }
}
