namespace Archive.Bench.Codec;

/// <summary>
/// Deterministic CT/MR-like series as it sits in a Part 10 object: a 2 KiB header then 16-bit
/// little-endian pixels, 12-bit values: air around a body ellipse, smooth organ-like gradients
/// (low-frequency sinusoids varying slice to slice), a brighter "bone" ring and Gaussian-ish noise.
/// </summary>
public static class SyntheticStudy
{
    public const int HeaderLength = 2048;

    public static byte[] Slice(int width, int height, int slice, int noise = 18)
    {
        var random = new Random(1000 + slice);
        var bytes = new byte[HeaderLength + (width * height * 2)];
        random.NextBytes(bytes.AsSpan(0, 512)); // UIDs and such do not compress much
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double dx = (x - (width / 2.0)) / (width * 0.42), dy = (y - (height / 2.0)) / (height * 0.33);
                double r = Math.Sqrt((dx * dx) + (dy * dy));
                double value;
                if (r > 1)
                {
                    value = 24; // air (-1000 HU with rescale intercept -1024)
                }
                else if (r > 0.92)
                {
                    value = 1900 + (150 * Math.Sin(x * 0.02)); // cortical ring
                }
                else
                {
                    value = 1040 + (60 * Math.Sin((x * 0.031) + (slice * 0.05))) + (45 * Math.Cos((y * 0.027) - (slice * 0.03)))
                        + (r < 0.3 ? 120 : 0);
                }

                int n = random.Next(-noise, noise + 1) + random.Next(-noise, noise + 1);
                int v = Math.Clamp((int)value + (n / 2), 0, 4095);
                int o = HeaderLength + (2 * ((y * width) + x));
                bytes[o] = (byte)v;
                bytes[o + 1] = (byte)(v >> 8);
            }
        }

        return bytes;
    }
}
