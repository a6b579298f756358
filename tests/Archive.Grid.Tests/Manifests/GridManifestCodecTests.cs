using Archive.Codec.Fixity;
using Archive.Codec.Framing;
using Archive.Grid.Manifests;
using Archive.Storage.Primitives;

namespace Archive.Grid.Tests.Manifests;

public sealed class GridManifestCodecTests
{
    private static GridManifest Sample() => new(
        new ObjectId(0x0102030405060708, 0x090A0B0C0D0E0F10),
        "1.2.840.99.1",
        "1.2.840.99",
        1_000_000,
        Sha256Digest.Compute("hello"u8),
        "ec-4-2",
        4,
        2,
        262_144,
        ChecksumAlgorithm.XxHash3_64,
        DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000),
        [new ObjectPart(new ObjectKey(new ObjectId(1, 2), 1), 0, 1_000_000, 600_000, true, Enumerable.Range(0, 6).Select(i => new ShardLocation($"n{i}", $"d{i}")).ToArray())],
        new byte[] { 0xCA, 0xFE });

    [Fact]
    public void Encode_ThenDecode_GivesEqualManifest()
    {
        var manifest = Sample();
        var decoded = GridManifestCodec.Decode(GridManifestCodec.Encode(manifest));
        Assert.Equal(GridManifestCodec.Encode(manifest), GridManifestCodec.Encode(decoded));
        Assert.Equal(manifest.ObjectName, decoded.ObjectName);
        Assert.Equal(manifest.Sha256, decoded.Sha256);
        Assert.Equal(manifest.Parts[0].Shards, decoded.Parts[0].Shards);
        Assert.Equal(manifest.CreatedAt, decoded.CreatedAt);
    }

    [Fact]
    public void Encode_Golden_IsFrozen()
    {
        // The persisted layout v1.0: a change here breaks every catalog replica and shard record.
        var hex = Convert.ToHexString(GridManifestCodec.Encode(Sample()));
        Assert.Equal(ManifestGolden.SampleV1, hex);
    }

    [Fact]
    public void DecodePart_CarriesPartIndexAndTotal()
    {
        var manifest = Sample();
        var bytes = GridManifestCodec.EncodePart(manifest, 3, 7, manifest.Parts[0]);
        var decoded = GridManifestCodec.DecodeAny(bytes);
        Assert.Equal(3, decoded.FirstPartIndex);
        Assert.Equal(7, decoded.TotalParts);
        Assert.Throws<GridManifestFormatException>(() => GridManifestCodec.Decode(bytes));
    }

    [Fact]
    public void Decode_AnyFlippedBitOrPrefix_ThrowsTypedError()
    {
        var bytes = GridManifestCodec.Encode(Sample());
        for (var i = 0; i < bytes.Length; i++)
        {
            var copy = (byte[])bytes.Clone();
            copy[i] ^= 0x10;
            Assert.Throws<GridManifestFormatException>(() => GridManifestCodec.Decode(copy));
            Assert.Throws<GridManifestFormatException>(() => GridManifestCodec.Decode(bytes.AsSpan(0, i)));
        }
    }
}
