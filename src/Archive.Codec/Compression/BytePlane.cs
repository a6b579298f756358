using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Archive.Codec.Compression;

/// <summary>
/// The lossless 16-bit byte-plane split and its inverse. For n samples: output[0..n) holds the high
/// bytes, output[n..2n) the low bytes; with <c>delta</c>, each sample is first replaced by its difference
/// (mod 2^16) from the left neighbour, or from the sample above at the start of a row.
/// Medical pixel data is 12–16 bits in 16-bit words: the high plane is nearly constant and the low plane
/// carries the noise, so zstd finds far more matches than in interleaved bytes.
/// <para>The split runs on the ingest path, so it is vectorised (32 samples a step); the persisted
/// layout is the definition above, which the tests check against a scalar reference.</para>
/// </summary>
public static class BytePlane
{
    /// <summary>Splits <paramref name="source"/> (even length) into planes in <paramref name="destination"/>.</summary>
    public static void Split(ReadOnlySpan<byte> source, Span<byte> destination, bool delta, int rowSamples)
    {
        CheckShapes(source.Length, destination.Length);
        int n = source.Length / 2;
        ReadOnlySpan<ushort> samples = MemoryMarshal.Cast<byte, ushort>(source[..(2 * n)]);
        Span<byte> high = destination[..n];
        Span<byte> low = destination.Slice(n, n);
        if (!delta)
        {
            SplitRun(samples, 0, n, high, low, delta: false);
            return;
        }

        // Each row's first sample predicts from the sample above; every other one from its left neighbour.
        int row = rowSamples > 0 ? rowSamples : Math.Max(n, 1);
        for (int start = 0; start < n; start += row)
        {
            int value = samples[start] - (start >= row ? samples[start - row] : 0);
            low[start] = (byte)value;
            high[start] = (byte)(value >> 8);
            SplitRun(samples, start + 1, Math.Min(start + row, n), high, low, delta: true);
        }
    }

    /// <summary>Inverse of <see cref="Split"/>: <paramref name="planes"/> back to interleaved samples.</summary>
    public static void Join(ReadOnlySpan<byte> planes, Span<byte> destination, bool delta, int rowSamples)
    {
        CheckShapes(planes.Length, destination.Length);
        int n = planes.Length / 2;
        ReadOnlySpan<byte> high = planes[..n];
        ReadOnlySpan<byte> low = planes.Slice(n, n);
        Span<ushort> samples = MemoryMarshal.Cast<byte, ushort>(destination[..(2 * n)]);
        int i = 0;
        if (!delta && Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<byte>.Count <= n; i += Vector256<byte>.Count)
            {
                var (lowLo, lowHi) = Vector256.Widen(Vector256.Create(low.Slice(i, Vector256<byte>.Count)));
                var (highLo, highHi) = Vector256.Widen(Vector256.Create(high.Slice(i, Vector256<byte>.Count)));
                (lowLo | (highLo << 8)).CopyTo(samples[i..]);
                (lowHi | (highHi << 8)).CopyTo(samples[(i + Vector256<ushort>.Count)..]);
            }
        }

        int row = rowSamples > 0 ? rowSamples : int.MaxValue;
        for (; i < n; i++)
        {
            int value = low[i] | (high[i] << 8);
            if (delta)
            {
                int neighbour = i % row != 0 ? i - 1 : i - row;
                value += neighbour >= 0 ? samples[neighbour] : 0;
            }

            samples[i] = (ushort)value;
        }
    }

    /// <summary>Samples [from, to) into the planes, each minus its left neighbour when <paramref name="delta"/>.</summary>
    private static void SplitRun(ReadOnlySpan<ushort> samples, int from, int to, Span<byte> high, Span<byte> low, bool delta)
    {
        const int Step = 2 * 16; // two Vector256<ushort> narrow into one Vector256<byte>
        int i = from;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Step <= to; i += Step)
            {
                var a = Vector256.Create(samples.Slice(i, 16));
                var b = Vector256.Create(samples.Slice(i + 16, 16));
                if (delta)
                {
                    a -= Vector256.Create(samples.Slice(i - 1, 16));
                    b -= Vector256.Create(samples.Slice(i + 15, 16));
                }

                Vector256.Narrow(a, b).CopyTo(low[i..]);
                Vector256.Narrow(a >>> 8, b >>> 8).CopyTo(high[i..]);
            }
        }

        for (; i < to; i++)
        {
            int value = samples[i] - (delta ? samples[i - 1] : 0);
            low[i] = (byte)value;
            high[i] = (byte)(value >> 8);
        }
    }

    private static void CheckShapes(int source, int destination)
    {
        if (source % 2 != 0 || destination != source)
        {
            ThrowHelper.Argument(nameof(destination), "Planes and samples must be the same even length.");
        }
    }
}
