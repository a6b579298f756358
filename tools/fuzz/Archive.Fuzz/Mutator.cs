using System.Buffers.Binary;

namespace Archive.Fuzz;

/// <summary>AFL-like mutations for the in-process pass: byte flips, interesting 16/32-bit values at random offsets, truncation, splicing.</summary>
internal static class Mutator
{
    private static readonly uint[] Interesting = [0, 1, 2, 7, 8, 0x7F, 0xFF, 0x7FFF, 0xFFFF, 0x10000, 0x7FFFFFFF, 0xFFFFFFFE, 0xFFFFFFFF, 0xE000FFFE, 0xE00DFFFE, 0xE0DDFFFE];

    public static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = (byte[])seed.Clone();
        var rounds = random.Next(1, 6);
        for (var r = 0; r < rounds && bytes.Length > 4; r++)
        {
            var at = random.Next(bytes.Length - 4);
            switch (random.Next(6))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), Interesting[random.Next(Interesting.Length)]);
                    break;
                case 3:
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), (ushort)Interesting[random.Next(Interesting.Length)]);
                    break;
                case 4:
                    bytes = bytes[..random.Next(bytes.Length)];
                    break;
                default:
                    var length = random.Next(1, Math.Min(64, bytes.Length - at));
                    var from = random.Next(bytes.Length - length);
                    var copy = bytes.AsSpan(from, length).ToArray();
                    bytes = [.. bytes.AsSpan(0, at), .. copy, .. bytes.AsSpan(at)];
                    break;
            }
        }

        return bytes;
    }
}
