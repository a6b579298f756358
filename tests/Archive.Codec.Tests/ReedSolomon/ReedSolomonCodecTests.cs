using Archive.Codec.Kernels;
using Archive.Codec.ReedSolomon;
using FsCheck.Xunit;

namespace Archive.Codec.Tests.ReedSolomon;

public sealed class ReedSolomonCodecTests
{
    public static TheoryData<int, int, KernelKind> ExhaustiveShapes()
    {
        var data = new TheoryData<int, int, KernelKind>();
        foreach (GfKernel kernel in GfKernels.Supported)
        {
            data.Add(4, 2, kernel.Kind);
            data.Add(6, 3, kernel.Kind);
            data.Add(10, 4, kernel.Kind);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExhaustiveShapes))]
    public void TryReconstruct_EveryErasurePatternUpToM_RestoresAllShards(int k, int m, KernelKind kind)
    {
        const int length = 77; // not a multiple of any vector width, longer than 64
        var codec = ReedSolomonCodec.Create(k, m, kind);
        byte[] original = Encoded(codec, length, seed: k * m);
        int patterns = 0;
        foreach (bool[] present in TestData.ErasurePatterns(k + m, m))
        {
            byte[] shards = (byte[])original.Clone();
            for (int i = 0; i < present.Length; i++)
            {
                if (!present[i])
                {
                    shards.AsSpan(i * length, length).Fill(0xEE);
                }
            }

            Assert.True(codec.TryReconstruct(shards, length, present));
            Assert.True(original.AsSpan().SequenceEqual(shards), $"pattern {string.Join(',', present)}");
            patterns++;
        }

        Assert.Equal(ExpectedPatterns(k + m, m), patterns);
    }

    [Fact]
    public void Encode_GoldenVector4x2_MatchesFrozenParity()
    {
        // Frozen: data shard i byte j = (i * 31 + j * 7) mod 256. Cross-checked byte for byte against
        // libisal 2.30 (gf_gen_cauchy1_matrix + ec_encode_data) when it was frozen.
        var codec = ReedSolomonCodec.Create(4, 2, KernelKind.Scalar);
        byte[] data = new byte[4 * 8];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(((i / 8) * 31) + ((i % 8) * 7));
        }

        byte[] parity = new byte[2 * 8];
        codec.Encode(data, parity, 8);
        Assert.Equal("40ad78f05115799a1df94ba4e23d78b2", Convert.ToHexStringLower(parity));
    }

    [Fact]
    public void TryReconstruct_FewerThanKPresent_ReturnsFalseAndWritesNothing()
    {
        var codec = ReedSolomonCodec.Create(4, 2);
        byte[] shards = Encoded(codec, 10, 1);
        byte[] before = (byte[])shards.Clone();
        bool[] present = [false, false, false, true, true, true];
        Assert.False(codec.TryReconstruct(shards, 10, present));
        Assert.Equal(before, shards);
    }

    [Fact]
    public void TryReconstruct_DataOnly_LeavesMissingParityUntouched()
    {
        var codec = ReedSolomonCodec.Create(6, 3);
        byte[] original = Encoded(codec, 100, 2);
        byte[] shards = (byte[])original.Clone();
        shards.AsSpan(1 * 100, 100).Clear();
        shards.AsSpan(7 * 100, 100).Clear();
        bool[] present = [true, false, true, true, true, true, true, false, true];
        Assert.True(codec.TryReconstruct(shards, 100, present, dataOnly: true));
        Assert.True(original.AsSpan(0, 600).SequenceEqual(shards.AsSpan(0, 600)));
        Assert.True(shards.AsSpan(700, 100).IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void MemoryOverloads_SameInput_MatchContiguous()
    {
        var codec = ReedSolomonCodec.Create(5, 3);
        const int length = 333;
        byte[] expected = Encoded(codec, length, 3);
        Memory<byte>[] shards = Enumerable.Range(0, 8).Select(i => (Memory<byte>)new byte[length]).ToArray();
        for (int i = 0; i < 5; i++)
        {
            expected.AsMemory(i * length, length).CopyTo(shards[i]);
        }

        ReadOnlyMemory<byte>[] data = shards[..5].Select(s => (ReadOnlyMemory<byte>)s).ToArray();
        codec.Encode(data, shards[5..]);
        for (int i = 5; i < 8; i++)
        {
            Assert.True(expected.AsSpan(i * length, length).SequenceEqual(shards[i].Span));
        }

        shards[0].Span.Clear();
        shards[6].Span.Clear();
        bool[] present = [false, true, true, true, true, true, false, true];
        Assert.True(codec.TryReconstruct(shards, present));
        Assert.True(expected.AsSpan(0, length).SequenceEqual(shards[0].Span));
        Assert.True(codec.VerifyParity(shards.Select(s => (ReadOnlyMemory<byte>)s).ToArray()));
    }

    [Fact]
    public void VerifyParity_AnyFlippedByte_ReturnsFalse()
    {
        var codec = ReedSolomonCodec.Create(10, 4);
        const int length = 20_000;
        byte[] shards = Encoded(codec, length, 4);
        Assert.True(codec.VerifyParity(shards, length));
        foreach (int offset in new[] { 0, length - 1, (5 * length) + 12_345, (11 * length) + 17_000, shards.Length - 1 })
        {
            shards[offset] ^= 0x10;
            Assert.False(codec.VerifyParity(shards, length));
            shards[offset] ^= 0x10;
        }
    }

    [Fact]
    public void DecodeCache_ManyPatterns_StaysBounded()
    {
        var codec = ReedSolomonCodec.Create(10, 4, decodeCacheCapacity: 8);
        byte[] shards = Encoded(codec, 64, 5);
        foreach (bool[] present in TestData.ErasurePatterns(14, 2))
        {
            Assert.True(codec.TryReconstruct(shards, 64, present));
            Assert.InRange(codec.CachedDecodePlans, 0, 8);
        }
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(200, 56)]
    public void Create_InvalidShape_Throws(int k, int m) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReedSolomonCodec.Create(k, m));

    [Fact]
    public void Create_LargestShape_ReconstructsMaximumErasures()
    {
        var codec = ReedSolomonCodec.Create(223, 32);
        byte[] original = Encoded(codec, 65, 6);
        byte[] shards = (byte[])original.Clone();
        bool[] present = Enumerable.Range(0, 255).Select(i => i % 8 != 3).ToArray(); // 32 missing
        Assert.True(codec.TryReconstruct(shards, 65, present));
        Assert.Equal(original, shards);
    }

    [Property(MaxTest = 150)]
    public bool TryReconstruct_RandomShapeLengthAndErasures_RestoresOriginal(int seed, byte kRaw, byte mRaw, ushort lengthRaw)
    {
        int k = 1 + (kRaw % 24);
        int m = 1 + (mRaw % 8);
        int length = lengthRaw % 2_100;
        var random = new Random(seed);
        GfKernel kernel = GfKernels.Supported.ElementAt(random.Next(GfKernels.Supported.Count()));
        var codec = ReedSolomonCodec.Create(k, m, kernel.Kind);
        byte[] original = Encoded(codec, length, seed);
        byte[] shards = (byte[])original.Clone();
        bool[] present = Enumerable.Repeat(true, k + m).ToArray();
        int lost = random.Next(0, m + 1);
        foreach (int i in Enumerable.Range(0, k + m).OrderBy(_ => random.Next()).Take(lost))
        {
            present[i] = false;
            shards.AsSpan(i * length, length).Fill(0x5A);
        }

        return codec.TryReconstruct(shards, length, present)
            && original.AsSpan().SequenceEqual(shards)
            && codec.VerifyParity(shards, length);
    }

    internal static byte[] Encoded(ReedSolomonCodec codec, int length, int seed)
    {
        byte[] shards = new byte[codec.TotalShards * length];
        TestData.Random(codec.DataShards * length, seed).CopyTo(shards, 0);
        codec.Encode(shards.AsSpan(0, codec.DataShards * length), shards.AsSpan(codec.DataShards * length), length);
        return shards;
    }

    private static int ExpectedPatterns(int n, int m)
    {
        int total = 0;
        for (int i = 0; i <= m; i++)
        {
            long c = 1;
            for (int j = 0; j < i; j++)
            {
                c = c * (n - j) / (j + 1);
            }

            total += (int)c;
        }

        return total;
    }
}
