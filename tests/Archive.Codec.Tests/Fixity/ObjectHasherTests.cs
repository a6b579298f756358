using Archive.Codec.Fixity;

namespace Archive.Codec.Tests.Fixity;

public sealed class ObjectHasherTests
{
    [Fact]
    public void Finish_KnownInput_MatchesNistVector()
    {
        using var hasher = new ObjectHasher();
        hasher.Append("ab"u8);
        hasher.Append("c"u8);
        Assert.Equal(3, hasher.Length);
        Assert.Equal(
            Sha256Digest.Parse("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            hasher.Finish());
        Assert.Equal(0, hasher.Length);
    }

    [Fact]
    public void Finish_AnySplit_EqualsOneShot()
    {
        byte[] data = TestData.Random(100_000, 1);
        Sha256Digest expected = Sha256Digest.Compute(data);
        using var hasher = new ObjectHasher();
        foreach (int piece in new[] { 1, 7, 4096, 33_333 })
        {
            for (int offset = 0; offset < data.Length; offset += piece)
            {
                hasher.Append(data.AsSpan(offset, Math.Min(piece, data.Length - offset)));
            }

            Assert.Equal(expected, hasher.Finish());
        }
    }

    [Fact]
    public void Digest_DifferentBytes_AreNotEqual()
    {
        Assert.NotEqual(Sha256Digest.Compute("a"u8), Sha256Digest.Compute("b"u8));
        Assert.Equal(64, Sha256Digest.Compute("a"u8).ToString().Length);
        Assert.Throws<ArgumentException>(() => new Sha256Digest(new byte[31]));
    }
}
