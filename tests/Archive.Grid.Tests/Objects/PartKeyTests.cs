using Archive.Codec.Fixity;
using Archive.Grid.Objects;
using Archive.Grid.Writing;
using Archive.Testing.Fakes;
using static Archive.Grid.Tests.Writing.GridRoundTripTests;

namespace Archive.Grid.Tests.Objects;

/// <summary>
/// A part's key names how it was coded: two writers of the same bytes share keys (and shards) only when they coded them
/// alike, so a node of another build or other settings racing with this one never mixes its shards into this one's.
/// </summary>
public sealed class PartKeyTests
{
    private static readonly Sha256Digest Sha = Sha256Digest.Compute([1, 2, 3]);

    [Fact]
    public void PartKey_SameCoding_SameKey_AnyDifference_AnotherKey()
    {
        byte[] coded = [9, 8, 7, 6];
        var key = ObjectIdentity.PartKey("1.2.3", Sha, 0, ObjectIdentity.EncodingOf(4, 2, 262_144, 1, true, coded));
        Assert.Equal(key, ObjectIdentity.PartKey("1.2.3", Sha, 0, ObjectIdentity.EncodingOf(4, 2, 262_144, 1, true, coded)));
        Assert.All(
            new[]
            {
                ObjectIdentity.EncodingOf(4, 2, 262_144, 1, true, [9, 8, 7, 5]), // other bytes coded (another zstd build)
                ObjectIdentity.EncodingOf(4, 2, 262_144, 1, false, coded),
                ObjectIdentity.EncodingOf(4, 2, 65_536, 1, true, coded),
                ObjectIdentity.EncodingOf(4, 2, 262_144, 2, true, coded),
                ObjectIdentity.EncodingOf(2, 1, 262_144, 1, true, coded),
            },
            other => Assert.NotEqual(key, ObjectIdentity.PartKey("1.2.3", Sha, 0, other)));
        Assert.Equal(1u, key.Version);
    }

    [Fact]
    public void RecodedPartKey_SameIdAsTheStoredPart_AVersionPerEncoding()
    {
        // Deferred compression of one stored part by two nodes of different builds at once (their zstd output
        // differs): each writes under a key of its own, on the stored part's placement.
        var stored = ObjectIdentity.PartKey("1.2.3", Sha, 0, ObjectIdentity.EncodingOf(4, 2, 262_144, 1, false, [1, 2, 3, 4]));
        var one = ObjectIdentity.RecodedPartKey(stored, ObjectIdentity.EncodingOf(4, 2, 262_144, 1, true, [9, 8, 7, 6]));
        var other = ObjectIdentity.RecodedPartKey(stored, ObjectIdentity.EncodingOf(4, 2, 262_144, 1, true, [9, 8, 7, 5]));

        Assert.Equal(one, ObjectIdentity.RecodedPartKey(stored, ObjectIdentity.EncodingOf(4, 2, 262_144, 1, true, [9, 8, 7, 6])));
        Assert.NotEqual(one, other);
        Assert.All(new[] { one, other }, k => Assert.Equal(stored.Id, k.Id));
        Assert.All(new[] { one, other }, k => Assert.True(ObjectIdentity.IsRecoded(k) && k.Version >= 0x8000_0000u));
        Assert.False(ObjectIdentity.IsRecoded(stored));
    }

    [Fact]
    public async Task Write_SameBytesCodedTwoWays_TheirPartsHaveTheirOwnKeys_BothRead()
    {
        // Two writers with other settings (one compresses, one does not) store one object into two grids that share
        // nothing: what each would put under a shared key must not be the same key.
        var content = Content(300_000, compressible: true, seed: 5);
        using var compressing = new FakeGrid(6);
        using var plain = new FakeGrid(6, writeOptions: new GridWriteOptions { Compress = false });
        var a = await WriteAsync(compressing, content);
        var b = await WriteAsync(plain, content);

        Assert.Equal(a.Sha256, b.Sha256);
        Assert.True(a.Parts[0].Compressed && !b.Parts[0].Compressed);
        Assert.NotEqual(a.Parts[0].StorageKey, b.Parts[0].StorageKey);
    }

    private static async Task<Archive.Grid.Manifests.GridManifest> WriteAsync(FakeGrid grid, byte[] content)
    {
        using var stream = new MemoryStream(content);
        var outcome = await grid.Writer.WriteAsync(new GridWriteRequest("1.2.840.99.1", "study-1", stream, "attrs"u8.ToArray()));
        Assert.True(outcome.IsSuccess, outcome.Detail);
        return outcome.Manifest!;
    }
}
