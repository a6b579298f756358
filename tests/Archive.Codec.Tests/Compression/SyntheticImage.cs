namespace Archive.Codec.Tests.Compression;

/// <summary>CT-like 16-bit little-endian pixels: a smooth body disc on air, 12-bit values plus noise.</summary>
internal static class SyntheticImage
{
    public static byte[] Ct(int width, int height, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 2];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double dx = (x - (width / 2.0)) / (width * 0.4), dy = (y - (height / 2.0)) / (height * 0.35);
                double r = Math.Sqrt((dx * dx) + (dy * dy));
                double value = r < 1 ? 1000 + (300 * Math.Cos(r * 6)) + (200 * Math.Sin(x * 0.05)) : 24;
                int v = Math.Clamp((int)value + random.Next(-12, 13), 0, 4095);
                pixels[2 * ((y * width) + x)] = (byte)v;
                pixels[(2 * ((y * width) + x)) + 1] = (byte)(v >> 8);
            }
        }

        return pixels;
    }
}
