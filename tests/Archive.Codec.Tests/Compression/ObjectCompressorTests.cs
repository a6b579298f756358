using Archive.Codec.Compression;
using Archive.Codec.Fixity;

namespace Archive.Codec.Tests.Compression;

public sealed class ObjectCompressorTests
{
    // Frozen v1.0 container: Stored transform of "hello" (incompressible at this size).
    private const string GoldenStored =
        "41434d5001000000" + "0500000000000000" + "0000000000000000" + "0000000000000000" +
        "0000000000000000" + "0500000000000000" + "68656c6c6f";

    [Fact]
    public void CompressionTransform_PersistedValues_AreFrozen()
    {
        Assert.Equal(0, (byte)CompressionTransform.Stored);
        Assert.Equal(1, (byte)CompressionTransform.Zstd);
        Assert.Equal(2, (byte)CompressionTransform.BytePlaneZstd);
        Assert.Equal(3, (byte)CompressionTransform.BytePlaneDeltaZstd);
    }

    [Fact]
    public void Compress_TinyInput_IsStoredAsGoldenBytes()
    {
        using var compressor = new ObjectCompressor();
        byte[] container = Compress(compressor, "hello"u8.ToArray(), null, out CompressedContainer header);
        Assert.Equal(CompressionTransform.Stored, header.Transform);
        Assert.Equal(GoldenStored, Convert.ToHexStringLower(container));
    }

    [Fact]
    public void Decompress_FrozenBytePlaneContainer_RestoresRamp()
    {
        using var compressor = new ObjectCompressor();
        byte[] ramp = Ramp();
        byte[] container = Compress(compressor, ramp, new PixelRegion(16, ramp.Length - 16, 64), out CompressedContainer header);
        Assert.Equal(header.ContainerLength, container.Length);
        byte[] frozen = Convert.FromHexString(FrozenRampContainer);
        var restored = new byte[ramp.Length];
        Assert.Equal(ramp.Length, compressor.Decompress(frozen, restored));
        Assert.Equal(ramp, restored);
    }

    [Fact]
    public void Compress_CtPixels_BytePlaneBeatsPlainZstdAndRoundTripsBySha256()
    {
        byte[] header = TestData.Random(1000, 3); // stands in for the DICOM header before Pixel Data
        byte[] pixels = SyntheticImage.Ct(256, 256, 4);
        byte[] dicom = [.. header, .. pixels, 1, 2, 3];
        using var compressor = new ObjectCompressor();
        byte[] plain = Compress(compressor, dicom, null, out CompressedContainer plainHeader);
        byte[] planes = Compress(compressor, dicom, new PixelRegion(header.Length, pixels.Length, 256), out CompressedContainer planeHeader);
        Assert.Equal(CompressionTransform.Zstd, plainHeader.Transform);
        Assert.True(planeHeader.Transform is CompressionTransform.BytePlaneZstd or CompressionTransform.BytePlaneDeltaZstd);
        Assert.True(planes.Length < plain.Length * 0.95, $"planes {planes.Length} vs plain {plain.Length}");

        var restored = new byte[dicom.Length];
        compressor.Decompress(planes, restored);
        Assert.Equal(Sha256Digest.Compute(dicom), Sha256Digest.Compute(restored));
        compressor.Decompress(plain, restored);
        Assert.Equal(Sha256Digest.Compute(dicom), Sha256Digest.Compute(restored));
    }

    [Theory]
    [InlineData(512 * 1024, 4)] // never more than four
    [InlineData(300 * 1024, 2)] // nor chunks under 128 KiB
    [InlineData(100 * 1024, 1)]
    [InlineData(5 * 1024 * 1024, 4)]
    public void ChunksFor_ByTheLengthAlone(int length, int expected) =>
        Assert.Equal(expected, ObjectCompressor.ChunksFor(length));

    [Fact]
    public async Task Compress_TheSameBytes_SameContainer_WhateverElseIsBeingCompressed()
    {
        // Shard keys come from the content: two nodes storing one object at once must code it to the same bytes, busy or
        // idle (they were cut into as many frames as there were idle cores, and a read mixing their shards did not decode).
        byte[] input = TestData.Random(4_000_000, 11);
        for (int i = 0; i < input.Length; i += 3)
        {
            input[i] = 0; // compressible: a third of the bytes zero
        }

        using var alone = new ObjectCompressor();
        var expected = Compress(alone, input, null, out _);
        using var start = new Barrier(8);
        var busy = Enumerable.Range(0, 8).Select(n => Task.Factory.StartNew(() =>
        {
            using var compressor = new ObjectCompressor();
            start.SignalAndWait(); // all at once: every core has an object
            return Compress(compressor, input, null, out _);
        }, TaskCreationOptions.LongRunning)).ToArray();

        foreach (var container in await Task.WhenAll(busy))
        {
            Assert.Equal(expected, container);
        }
    }

    [Fact]
    public void Compress_RandomBytes_StoredBecauseSavingIsUnder10Percent()
    {
        byte[] noise = TestData.Random(50_000, 5);
        using var compressor = new ObjectCompressor();
        byte[] container = Compress(compressor, noise, new PixelRegion(0, noise.Length, 100), out CompressedContainer header);
        Assert.Equal(CompressionTransform.Stored, header.Transform);
        var restored = new byte[noise.Length];
        compressor.Decompress(container, restored);
        Assert.Equal(noise, restored);
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(4096, 0, 4096)]
    [InlineData(9001, 1, 9000)]
    [InlineData(20_000, 3, 10_001)]
    public void BytePlane_SplitThenJoin_IsIdentity(int length, int offset, int regionLength)
    {
        byte[] data = TestData.Random(length, length);
        foreach (bool delta in new[] { false, true })
        {
            int even = regionLength & ~1;
            var planes = new byte[even];
            var back = new byte[even];
            BytePlane.Split(data.AsSpan(offset, even), planes, delta, 37);
            BytePlane.Join(planes, back, delta, 37);
            Assert.Equal(data.AsSpan(offset, even).ToArray(), back);
        }
    }

    [Theory]
    [InlineData(0, 37)]
    [InlineData(2, 1)]
    [InlineData(66, 0)]
    [InlineData(4096, 512)]
    [InlineData(9002, 31)]
    [InlineData(20_002, 33)]
    [InlineData(65_536, 64)]
    public void BytePlane_Split_MatchesTheScalarDefinition(int length, int rowSamples)
    {
        byte[] data = TestData.Random(length, length + rowSamples);
        foreach (bool delta in new[] { false, true })
        {
            var planes = new byte[length];
            BytePlane.Split(data, planes, delta, rowSamples);
            Assert.Equal(ReferenceSplit(data, delta, rowSamples), planes);
            var back = new byte[length];
            BytePlane.Join(planes, back, delta, rowSamples);
            Assert.Equal(data, back);
        }
    }

    [Fact]
    public void Compress_LargeIncompressibleObject_IsStoredWithoutAFullAttempt()
    {
        byte[] noise = TestData.Random(600_000, 9);
        using var compressor = new ObjectCompressor();
        byte[] container = Compress(compressor, noise, null, out CompressedContainer header);
        Assert.Equal(CompressionTransform.Stored, header.Transform);
        var restored = new byte[noise.Length];
        compressor.Decompress(container, restored);
        Assert.Equal(noise, restored);
    }

    [Fact]
    public void Compress_LargeObjectWithOneCompressibleQuarter_IsStillCompressed()
    {
        byte[] mixed = TestData.Random(600_000, 10);
        Array.Clear(mixed, 300_000, 300_000); // the middle and third-quarter probes see zeros
        using var compressor = new ObjectCompressor();
        Compress(compressor, mixed, null, out CompressedContainer header);
        Assert.Equal(CompressionTransform.Zstd, header.Transform);
    }

    /// <summary>The persisted definition of the split, one sample at a time.</summary>
    private static byte[] ReferenceSplit(byte[] source, bool delta, int rowSamples)
    {
        int n = source.Length / 2;
        var planes = new byte[source.Length];
        int row = rowSamples > 0 ? rowSamples : int.MaxValue;
        for (int i = 0; i < n; i++)
        {
            int value = source[2 * i] | (source[(2 * i) + 1] << 8);
            if (delta)
            {
                int neighbour = i % row != 0 ? i - 1 : i - row;
                value -= neighbour >= 0 ? source[2 * neighbour] | (source[(2 * neighbour) + 1] << 8) : 0;
            }

            planes[n + i] = (byte)value;
            planes[i] = (byte)(value >> 8);
        }

        return planes;
    }

    [Fact]
    public void Decompress_CorruptPayload_ThrowsInvalidData()
    {
        using var compressor = new ObjectCompressor();
        byte[] ramp = Ramp();
        byte[] container = Compress(compressor, ramp, null, out _);
        container[^3] ^= 0xFF;
        container[CompressedContainer.HeaderLength + 2] ^= 0xFF;
        var restored = new byte[ramp.Length];
        Assert.Throws<InvalidDataException>(() => compressor.Decompress(container, restored));
        Assert.Throws<InvalidDataException>(() => compressor.Decompress(container.AsSpan(0, 20), restored));
    }

    [Fact]
    public void Decompress_BadHeader_ThrowsInvalidData()
    {
        using var compressor = new ObjectCompressor();
        byte[] golden = Convert.FromHexString(GoldenStored);
        foreach (int offset in new[] { 0, 4, 6, 7, 36 })
        {
            byte[] bad = (byte[])golden.Clone();
            bad[offset] ^= 0x40;
            Assert.Throws<InvalidDataException>(() => compressor.Decompress(bad, new byte[5]));
        }
    }

    internal static byte[] Compress(ObjectCompressor compressor, byte[] source, PixelRegion? region, out CompressedContainer header)
    {
        var destination = new byte[ObjectCompressor.MaxContainerLength(source.Length)];
        header = compressor.Compress(source, destination, region);
        return destination.AsSpan(0, (int)header.ContainerLength).ToArray();
    }

    private static byte[] Ramp()
    {
        var ramp = new byte[16 + 8192];
        for (int i = 0; i < 4096; i++)
        {
            int v = 1000 + (i / 8);
            ramp[16 + (2 * i)] = (byte)v;
            ramp[16 + (2 * i) + 1] = (byte)(v >> 8);
        }

        return ramp;
    }

    // Frozen v1.0 BytePlaneDeltaZstd container of Ramp(): decoding it must work forever.
    private const string FrozenRampContainer =
        "41434d50010003001020000000000000100000000000000000200000000000004000000000000000000100000000000028b52ffd60101fb50700aa407c030dd0a50300000000000046c2640a3300330033006ddb36dbb66db66ddb6cdbb6d9b66db36ddb66dbb6cdb66d9b6ddb36dbb66db66ddb6cdbb6d9b66db36ddb66dbb6cdb66d1be1b36ddb66dbb6cdb66d9b6ddb36dbb66db66ddb6cdbb6d9b66db36ddb66dbb6cdb66d9b6ddb36dbb66db66ddb6cdbb6d9b66d336db66ddb6cdbb6d9b66db36ddb66dbb6cdb66d9b6ddb36dbb66db66ddb6cdbb6d9b66db36ddb66dbb6cdb66d9b6ddb36dbb62dffb66d9b6ddb36dbb66db66ddb6cdbb6d9b66db36ddb66dbb6cdb66d9b6ddb36dbb66db66ddb6cdbb6d9b66db36ddb66db36820158020012f0afc7feffff06ff97f7dfd206";
}
