using Archive.Codec.Fixity;
using Archive.Codec.Framing;
using Archive.Grid.Grpc.Client;
using Archive.Grid.Manifests;
using Archive.Grid.Objects;
using Archive.Storage.Primitives;

namespace Archive.Grid.Grpc.Tests.Client;

public sealed class RemoteManifestReplicaTests
{
    internal static GridManifest Manifest(string partition, string name, byte seed, long createdAtMs)
    {
        var sha = Sha256Digest.Compute([seed]);
        var part = new ObjectPart(ObjectIdentity.PartKey(name, sha, 0), 0, 10, 10, false,
            Enumerable.Range(0, 6).Select(i => new ShardLocation($"node-{i + 1}", $"{i:x32}")).ToArray());
        return new GridManifest(ObjectIdentity.ObjectIdOf(name), name, partition, 10, sha, "ec-4-2", 4, 2, 16384, ChecksumAlgorithm.XxHash3_64,
            DateTimeOffset.FromUnixTimeMilliseconds(createdAtMs), [part], new byte[] { 1, 2 });
    }

    [Fact]
    public async Task RemoteManifestReplica_PutVersionsAndList_RoundTripThroughTheWireForm()
    {
        await using var server = await EdgeServer.StartAsync();
        using var channel = server.Channel();
        var replica = new RemoteManifestReplica(channel);
        var v1 = Manifest("study-1", "sop-1", 1, 1_000);
        var v2 = Manifest("study-1", "sop-1", 2, 2_000);
        var other = Manifest("study-1", "sop-2", 3, 3_000);

        Assert.True(await replica.PutAsync(v2));
        Assert.True(await replica.PutAsync(v1));
        Assert.True(await replica.PutAsync(v1)); // idempotent
        Assert.True(await replica.PutAsync(other));

        var versions = await replica.GetVersionsAsync("study-1", ObjectIdentity.ObjectIdOf("sop-1"));
        Assert.Equal([v1.Sha256, v2.Sha256], versions.Select(v => v.Sha256));
        Assert.Equal(GridManifestCodec.Encode(v1), GridManifestCodec.Encode(versions[0]));
        var listed = await replica.ListPartitionAsync("study-1").ToListAsync();
        Assert.Equal(3, listed.Count);
        Assert.Empty(await replica.GetVersionsAsync("study-2", ObjectIdentity.ObjectIdOf("sop-1")));
    }
}
