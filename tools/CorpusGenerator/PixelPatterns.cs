using System.Buffers.Binary;

namespace CorpusGenerator;

/// <summary>Deterministic pixel content: a phantom-like disc with noise for cross-sectional slices, a speckled sector for ultrasound.</summary>
public static class PixelPatterns
{
    /// <summary>16-bit little-endian slice: a disc (HU ~40) in air (−1000 stored as 24) with ±8 noise; the disc shrinks along the series.</summary>
    public static byte[] Slice(Random random, int rows, int columns, int sliceIndex, bool signed)
    {
        var pixels = new byte[rows * columns * 2];
        var state = (uint)random.Next() | 1u;
        var radius = Math.Max(8, (rows / 2.5) - (sliceIndex % 40));
        double cy = rows / 2.0, cx = columns / 2.0;
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < columns; x++)
            {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                var inside = ((y - cy) * (y - cy)) + ((x - cx) * (x - cx)) < radius * radius;
                var value = (inside ? 1064 : 24) + (int)(state & 15) - 8;
                var stored = signed ? (short)(value - 1024) : (short)value;
                BinaryPrimitives.WriteInt16LittleEndian(pixels.AsSpan(((y * columns) + x) * 2), stored);
            }
        }

        return pixels;
    }

    /// <summary>RGB frames (8 bits per sample, interleaved) with a grey speckled sector that drifts from frame to frame.</summary>
    public static byte[] UltrasoundFrames(Random random, int rows, int columns, int frames)
    {
        var frameBytes = rows * columns * 3;
        var pixels = new byte[(long)frameBytes * frames > Array.MaxLength ? throw new ArgumentOutOfRangeException(nameof(frames)) : frameBytes * frames];
        var state = (uint)random.Next() | 1u;
        for (var f = 0; f < frames; f++)
        {
            var frame = pixels.AsSpan(f * frameBytes, frameBytes);
            for (var y = 0; y < rows; y++)
            {
                var half = y * columns / (2 * rows);
                var left = (columns / 2) - half + (f % 16);
                var right = (columns / 2) + half + (f % 16);
                for (var x = Math.Max(0, left); x < Math.Min(columns, right); x++)
                {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    var grey = (byte)(40 + (state & 127));
                    var o = ((y * columns) + x) * 3;
                    frame[o] = grey;
                    frame[o + 1] = grey;
                    frame[o + 2] = grey;
                }
            }
        }

        return pixels;
    }
}
