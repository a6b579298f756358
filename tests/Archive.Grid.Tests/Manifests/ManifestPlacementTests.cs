using Archive.Codec.Fixity;
using Archive.Codec.Framing;
using Archive.Grid.Manifests;
using Archive.Grid.Objects;

namespace Archive.Grid.Tests.Manifests;

public sealed class ManifestPlacementTests
{
    private static readonly GridManifest Held = Manifest();

    public static TheoryData<string, GridManifest, bool> Cases() => new()
    {
        { "same placement", Manifest(), false },
        { "one shard moved", Moved(Manifest(), 3, new ShardLocation("node-9", "disk-9")), true },
        { "moved and created later", Moved(Manifest(), 3, new ShardLocation("node-9", "disk-9")) with { CreatedAt = Held.CreatedAt.AddSeconds(1) }, false },
        { "moved and other attributes", Moved(Manifest(), 3, new ShardLocation("node-9", "disk-9")) with { Attributes = new byte[] { 8 } }, false },
        { "moved and other class", Moved(Manifest(), 3, new ShardLocation("node-9", "disk-9")) with { StorageClass = "ec-10-4" }, false },
        { "other version", Manifest(seed: 2), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsPlacementUpdate_Table_OnlyPureMovesCount(string scenario, GridManifest incoming, bool expected)
    {
        Assert.True(expected == ManifestPlacement.IsPlacementUpdate(Held, incoming), scenario);
    }

    public static TheoryData<string, GridManifest, GridManifest, bool> CompressionCases() => new()
    {
        { "raw part re-encoded compressed", Held, Recoded(Held), true },
        { "raw part re-encoded compressed before session 14 (version 2)", Held, Recoded(Held) with { Parts = [Recoded(Held).Parts[0] with { StorageKey = new Archive.Storage.Primitives.ObjectKey(Held.Parts[0].StorageKey.Id, 2) }] }, true },
        { "compressed back to raw", Recoded(Held), Held, false },
        { "nothing changed", Held, Held, false },
        { "re-encoded but left uncompressed", Held, Recoded(Held) with { Parts = [Recoded(Held).Parts[0] with { Compressed = false }] }, false },
        { "re-encoded under another id", Held, Recoded(Held) with { Parts = [Recoded(Held).Parts[0] with { StorageKey = ObjectIdentity.RecodedPartKey(ObjectIdentity.PartKey("other", Held.Sha256, 0), [1]) }] }, false },
        { "re-encoded and other offset", Held, Recoded(Held) with { Parts = [Recoded(Held).Parts[0] with { ObjectOffset = 1 }] }, false },
        { "re-encoded and other attributes", Held, Recoded(Held) with { Attributes = new byte[] { 8 } }, false },
        { "a placement update is not a compression", Held, Moved(Held, 3, new ShardLocation("node-9", "disk-9")), false },
    };

    [Theory]
    [MemberData(nameof(CompressionCases))]
    public void IsDeferredCompression_Table_OnlyRawToCompressedCounts(string scenario, GridManifest held, GridManifest incoming, bool expected)
    {
        Assert.True(expected == ManifestPlacement.IsDeferredCompression(held, incoming), scenario);
        Assert.False(ManifestPlacement.IsPlacementUpdate(held, incoming) && expected, scenario);
    }

    private static readonly ShardLocation Nine = new("node-9", "disk-9");
    private static readonly ShardLocation Eight = new("node-8", "disk-8");

    public static TheoryData<string, GridManifest?, GridManifest, GridManifest?, ManifestPutAction, GridManifest?> DecideCases() => new()
    {
        { "new version is stored", null, Held, null, ManifestPutAction.Store, Held },
        { "same version again is kept", Held, Held, null, ManifestPutAction.Keep, Held },
        { "plain placement update replaces", Held, Moved(Held, 3, Nine), null, ManifestPutAction.Store, Moved(Held, 3, Nine) },
        { "other attributes never replace", Held, Held with { Attributes = new byte[] { 9 } }, null, ManifestPutAction.Keep, Held },
        { "move from what is held", Held, Moved(Held, 3, Nine), Held, ManifestPutAction.Store, Moved(Held, 3, Nine) },
        { "move already applied", Moved(Held, 3, Nine), Moved(Held, 3, Nine), Held, ManifestPutAction.Keep, Moved(Held, 3, Nine) },
        { "moves of two shards merge", Moved(Held, 1, Eight), Moved(Held, 3, Nine), Held, ManifestPutAction.Store, Moved(Moved(Held, 1, Eight), 3, Nine) },
        { "same shard moved elsewhere first", Moved(Held, 3, Eight), Moved(Held, 3, Nine), Held, ManifestPutAction.Refuse, Moved(Held, 3, Eight) },
        { "part re-encoded since the mover read it", Recoded(Held), Moved(Held, 3, Nine), Held, ManifestPutAction.Refuse, Recoded(Held) },
        { "a move that is not a placement update", Held, Held with { Attributes = new byte[] { 9 } }, Held, ManifestPutAction.Refuse, Held },
        { "move of a version not held stores it", null, Moved(Held, 3, Nine), Held, ManifestPutAction.Store, Moved(Held, 3, Nine) },
        { "compression from what is held", Held, Recoded(Held), Held, ManifestPutAction.Store, Recoded(Held) },
        { "compression already applied", Recoded(Held), Recoded(Held), Held, ManifestPutAction.Keep, Recoded(Held) },
        { "compression after a mover moved a replaced shard", Moved(Held, 3, Nine), Recoded(Held), Held, ManifestPutAction.Refuse, Moved(Held, 3, Nine) },
        { "compression of a version not held stores it", null, Recoded(Held), Held, ManifestPutAction.Store, Recoded(Held) },
    };

    [Theory]
    [MemberData(nameof(DecideCases))]
    public void Decide_Table_CompareAndSetPerShard(string scenario, GridManifest? held, GridManifest incoming, GridManifest? replaces, ManifestPutAction action, GridManifest? result)
    {
        var put = ManifestPlacement.Decide(held, incoming, replaces);

        Assert.True(action == put.Action, $"{scenario}: {put.Action}");
        Assert.True(Locations(result!).SequenceEqual(Locations(put.Result)) && result!.Parts[0].StorageKey == put.Result.Parts[0].StorageKey, scenario);
    }

    private static IEnumerable<ShardLocation> Locations(GridManifest manifest) => manifest.Parts.SelectMany(p => p.Shards);

    private static GridManifest Recoded(GridManifest manifest)
    {
        var part = manifest.Parts[0];
        return manifest with { Parts = [part with { StorageKey = ObjectIdentity.RecodedPartKey(part.StorageKey, [1]), Compressed = true, StoredLength = 6 }] };
    }

    private static GridManifest Moved(GridManifest manifest, int shard, ShardLocation to)
    {
        var part = manifest.Parts[0];
        return manifest with { Parts = [part with { Shards = part.Shards.Select((s, i) => i == shard ? to : s).ToArray() }] };
    }

    private static GridManifest Manifest(byte seed = 1)
    {
        var sha = Sha256Digest.Compute([seed]);
        var part = new ObjectPart(ObjectIdentity.PartKey("sop", sha, 0), 0, 10, 10, false,
            Enumerable.Range(0, 6).Select(i => new ShardLocation($"node-{i + 1}", $"disk-{i}")).ToArray());
        return new GridManifest(ObjectIdentity.ObjectIdOf("sop"), "sop", "study", 10, sha, "ec-4-2", 4, 2, 16384, ChecksumAlgorithm.XxHash3_64,
            DateTimeOffset.FromUnixTimeMilliseconds(1_000), [part], new byte[] { 7 });
    }
}
