using Archive.Codec.Compression;
using Archive.Codec.Fixity;

namespace Archive.Codec.Tests.Compression;

/// <summary>Alone, not beside the other codec tests: an object is split across the cores only while no other is being compressed.</summary>
[Collection(AloneOnTheCores.Name)]
public sealed class ObjectCompressorFramesTests
{
    [Fact]
    public void Compress_LargeCtSlice_IsCutIntoFramesThatOneDecompressionRestores()
    {
        byte[] header = TestData.Random(1200, 7);
        byte[] pixels = SyntheticImage.Ct(512, 512, 9);
        byte[] dicom = [.. header, .. pixels];
        using var compressor = new ObjectCompressor();
        byte[] container = ObjectCompressorTests.Compress(compressor, dicom, new PixelRegion(header.Length, pixels.Length, 512), out CompressedContainer planeHeader);
        Assert.NotEqual(CompressionTransform.Stored, planeHeader.Transform);

        // On a machine with several idle cores the payload is several standard zstd frames end to end.
        var payload = container.AsSpan(CompressedContainer.HeaderLength);
        ReadOnlySpan<byte> magic = [0x28, 0xB5, 0x2F, 0xFD];
        int frames = 0;
        for (int at = 0; at >= 0 && at < payload.Length; frames++)
        {
            int next = payload[(at + 1)..].IndexOf(magic);
            at = next < 0 ? -1 : at + 1 + next;
        }

        Assert.Equal(Math.Min(Environment.ProcessorCount, 4) >= 2 ? 2 : 1, Math.Min(frames, 2));

        using var reader = new ObjectCompressor();
        var restored = new byte[dicom.Length];
        Assert.Equal(dicom.Length, reader.Decompress(container, restored));
        Assert.Equal(dicom, restored);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneOnTheCores
{
    public const string Name = "alone on the cores";
}
