using Archive.Codec.Galois;

namespace Archive.Codec.Tests.Galois;

public sealed class GF256Tests
{
    [Fact]
    public void Mul_EveryPair_MatchesBitwiseDefinition()
    {
        for (int a = 0; a < 256; a++)
        {
            for (int b = 0; b < 256; b++)
            {
                Assert.Equal(GF256.MulSlow((byte)a, (byte)b), GF256.Mul((byte)a, (byte)b));
            }
        }
    }

    [Fact]
    public void Inv_EveryNonZero_IsMultiplicativeInverse()
    {
        for (int a = 1; a < 256; a++)
        {
            Assert.Equal(1, GF256.Mul((byte)a, GF256.Inv((byte)a)));
        }
    }

    [Fact]
    public void Inv_Zero_Throws() => Assert.Throws<DivideByZeroException>(() => GF256.Inv(0));

    [Fact]
    public void Exp_Generator_HasOrder255()
    {
        var seen = new HashSet<byte>();
        for (int i = 0; i < 255; i++)
        {
            Assert.True(seen.Add(GF256.Exp(i)));
        }

        Assert.Equal(1, GF256.Exp(255));
    }

    [Fact]
    public void GfniAffineMatrix_EveryCoefficientAndByte_EqualsFieldProduct()
    {
        for (int c = 0; c < 256; c++)
        {
            ulong matrix = GfniAffine.MatrixFor((byte)c);
            for (int x = 0; x < 256; x++)
            {
                int result = 0;
                for (int i = 0; i < 8; i++)
                {
                    byte row = (byte)(matrix >> (8 * (7 - i)));
                    result |= (int.PopCount(row & x) & 1) << i;
                }

                Assert.Equal(GF256.Mul((byte)c, (byte)x), result);
            }
        }
    }

    [Fact]
    public void TryInvert_RandomInvertible_ProductIsIdentity()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 50; trial++)
        {
            int n = random.Next(1, 12);
            byte[] m = TestData.Random(n * n, trial);
            if (!GfMatrix.TryInvert(m, n, out byte[] inverse))
            {
                continue;
            }

            byte[] product = GfMatrix.Multiply(m, n, n, inverse, n);
            for (int r = 0; r < n; r++)
            {
                for (int c = 0; c < n; c++)
                {
                    Assert.Equal(r == c ? 1 : 0, product[(r * n) + c]);
                }
            }
        }
    }

    [Fact]
    public void TryInvert_Singular_ReturnsFalse()
    {
        byte[] m = [1, 2, 1, 2];
        Assert.False(GfMatrix.TryInvert(m, 2, out _));
    }

    [Fact]
    public void CauchyParityRows_4x2_MatchesIsalCauchy1()
    {
        // gf_gen_cauchy1_matrix: a[i][j] = inv(i ^ j), i in [k, k+m), j in [0, k).
        byte[] rows = GfMatrix.CauchyParityRows(4, 2);
        Assert.Equal(GF256.Inv(4 ^ 0), rows[0]);
        Assert.Equal(GF256.Inv(5 ^ 3), rows[7]);
    }
}
