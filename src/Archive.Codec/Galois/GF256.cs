namespace Archive.Codec.Galois;

/// <summary>
/// Arithmetic in GF(2^8) with the primitive polynomial x^8+x^4+x^3+x^2+1 (0x11D, generator 2),
/// the field of ISA-L, Backblaze and klauspost/reedsolomon. Tables are built once and never mutated.
/// </summary>
public static class GF256
{
    /// <summary>The reduction polynomial, including the x^8 term.</summary>
    public const int Polynomial = 0x11D;

    private static readonly byte[] ExpTable = BuildExp();
    private static readonly byte[] LogTable = BuildLog(ExpTable);
    private static readonly byte[] Products = BuildProducts(ExpTable, LogTable);

    /// <summary>Product <paramref name="a"/>·<paramref name="b"/>.</summary>
    public static byte Mul(byte a, byte b) => Products[(a << 8) | b];

    /// <summary>The 256 products c·x for x = 0..255 (a read-only view of the immutable table).</summary>
    public static ReadOnlySpan<byte> MulRow(byte c) => new(Products, c << 8, 256);

    /// <summary>Multiplicative inverse; <paramref name="a"/> must not be 0.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="a"/> is 0.</exception>
    public static byte Inv(byte a)
    {
        if (a == 0)
        {
            throw new DivideByZeroException("0 has no inverse in GF(2^8).");
        }

        return ExpTable[255 - LogTable[a]];
    }

    /// <summary>Quotient <paramref name="a"/>/<paramref name="b"/>; <paramref name="b"/> must not be 0.</summary>
    public static byte Div(byte a, byte b) => Mul(a, Inv(b));

    /// <summary>2^<paramref name="n"/> for n in [0, 255).</summary>
    public static byte Exp(int n) => ExpTable[n % 255];

    /// <summary>Carry-less multiply and reduce, bit by bit: the slow definition the tables are tested against.</summary>
    public static byte MulSlow(byte a, byte b)
    {
        int x = a, y = b, r = 0;
        while (y != 0)
        {
            if ((y & 1) != 0)
            {
                r ^= x;
            }

            x <<= 1;
            if ((x & 0x100) != 0)
            {
                x ^= Polynomial;
            }

            y >>= 1;
        }

        return (byte)r;
    }

    private static byte[] BuildExp()
    {
        var exp = new byte[510];
        int x = 1;
        for (int i = 0; i < 255; i++)
        {
            exp[i] = (byte)x;
            exp[i + 255] = (byte)x;
            x <<= 1;
            if ((x & 0x100) != 0)
            {
                x ^= Polynomial;
            }
        }

        return exp;
    }

    private static byte[] BuildLog(byte[] exp)
    {
        var log = new byte[256];
        for (int i = 0; i < 255; i++)
        {
            log[exp[i]] = (byte)i;
        }

        return log;
    }

    private static byte[] BuildProducts(byte[] exp, byte[] log)
    {
        var products = new byte[256 * 256];
        for (int a = 1; a < 256; a++)
        {
            for (int b = 1; b < 256; b++)
            {
                products[(a << 8) | b] = exp[log[a] + log[b]];
            }
        }

        return products;
    }
}
