using Archive.Codec.Fixity;
using Archive.Contracts.V1;
using Archive.Codec.Framing;
using Archive.Grid.Grpc.Client;
using Archive.Grid.Grpc.Errors;
using Archive.Grid.Grpc.Mapping;
using Archive.Grid.Grpc.Peers;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Store;
using Google.Protobuf;
using Grpc.Core;

namespace Archive.Grid.Grpc.Tests.Client;

public sealed class RemoteShardStoreTests
{
    private static readonly ObjectKey Key = new(new ObjectId(0x0102030405060708, 0x1112131415161718), 1);

    private static ObjectManifest Manifest(long length) =>
        new(Key, length, Sha256Digest.Compute([1, 2, 3]), "ec-4-2", 4, 2, 16384, ChecksumAlgorithm.XxHash3_64, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), [9, 8, 7]);

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task RemoteShardStore_PutManyChunksThenReadRanges_ReturnsExactBytes()
    {
        await using var server = await EdgeServer.StartAsync();
        using var channel = server.Channel();
        var store = new RemoteShardStore(channel, new PeerReports(TimeProvider.System));
        var data = Bytes(1_000_003, 1); // 16 chunks of 64 KiB and a tail

        var put = await store.PutAsync(new ShardWrite(Manifest(data.Length), 3, data, MemoryShardStore.Disk));
        Assert.Equal(new PutOutcome(ShardStatus.Ok, MemoryShardStore.Disk), put);

        var whole = new byte[data.Length + 100];
        var read = await store.ReadAsync(new ShardKey(Key, 3), 0, whole);
        Assert.Equal(ShardStatus.Ok, read.Status);
        Assert.Equal(data.Length, read.BytesRead);
        Assert.True(whole.AsSpan(0, data.Length).SequenceEqual(data));

        var range = new byte[200_000];
        read = await store.ReadAsync(new ShardKey(Key, 3), 700_001, range);
        Assert.Equal(200_000, read.BytesRead);
        Assert.True(range.AsSpan().SequenceEqual(data.AsSpan(700_001, 200_000)));
    }

    [Theory]
    [InlineData(64 * 1024)] // one chunk: the unary PutWhole
    [InlineData((64 * 1024) + 1)] // one byte more: the streamed Put
    public async Task Put_AtAndPastOneChunk_StoresExactBytes(int length)
    {
        await using var server = await EdgeServer.StartAsync();
        using var channel = server.Channel();
        var store = new RemoteShardStore(channel, new PeerReports(TimeProvider.System));
        var data = Bytes(length, length);

        var put = await store.PutAsync(new ShardWrite(Manifest(data.Length), 2, data, MemoryShardStore.Disk));

        Assert.Equal(new PutOutcome(ShardStatus.Ok, MemoryShardStore.Disk), put);
        var back = new byte[length];
        Assert.Equal(length, (await store.ReadAsync(new ShardKey(Key, 2), 0, back)).BytesRead);
        Assert.Equal(data, back);
    }

    [Fact]
    public async Task Put_PeerThatPredatesPutWhole_FallsBackToTheStreamedPut()
    {
        await using var server = await EdgeServer.StartAsync(previousVersion: true);
        using var channel = server.Channel();
        var store = new RemoteShardStore(channel, new PeerReports(TimeProvider.System));
        var first = Bytes(1000, 1);
        var second = Bytes(2000, 2);

        Assert.True((await store.PutAsync(new ShardWrite(Manifest(first.Length), 0, first))).IsStored);
        Assert.True((await store.PutAsync(new ShardWrite(Manifest(second.Length), 1, second))).IsStored);

        var back = new byte[second.Length];
        Assert.Equal(second.Length, (await store.ReadAsync(new ShardKey(Key, 1), 0, back)).BytesRead);
        Assert.Equal(second, back);
    }

    [Theory]
    [InlineData(100, 99)] // fewer bytes than announced
    [InlineData(100, 101)] // more
    [InlineData((64 * 1024) + 1, (64 * 1024) + 1)] // more than one chunk in one message
    public async Task PutWhole_LengthNotAsAnnouncedOrOverAChunk_RefusedAsInvalidArgumentAndNothingStored(int announced, int sent)
    {
        await using var server = await EdgeServer.StartAsync();
        using var channel = server.Channel();
        var header = new PutShardHeader { Manifest = ToWire.Manifest(Manifest(announced)), ShardIndex = 0, Length = announced };

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.Shards.PutWholeAsync(new PutWholeShardRequest { Header = header, Data = ByteString.CopyFrom(new byte[sent]) }, channel.Call(CancellationToken.None)));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(0, server.Store.Count);
    }

    [Fact]
    public async Task RemoteShardStore_ReadMissingShard_ReturnsNotFoundAsValue()
    {
        await using var server = await EdgeServer.StartAsync();
        using var channel = server.Channel();
        var store = new RemoteShardStore(channel, new PeerReports(TimeProvider.System));

        var read = await store.ReadAsync(new ShardKey(Key, 0), 0, new byte[10]);

        Assert.Equal(new ReadOutcome(ShardStatus.NotFound), read);
    }

    [Fact]
    public async Task RemoteShardStore_VerifyListManifestDelete_MapEveryValue()
    {
        await using var server = await EdgeServer.StartAsync();
        using var channel = server.Channel();
        var store = new RemoteShardStore(channel, new PeerReports(TimeProvider.System));
        var manifest = Manifest(5);
        await store.PutAsync(new ShardWrite(manifest, 0, new byte[] { 1, 2, 3, 4, 5 }));
        await store.PutAsync(new ShardWrite(manifest, 1, new byte[] { 6, 7 }));

        Assert.Equal(ShardStatus.Ok, (await store.VerifyAsync(new ShardKey(Key, 1))).Status);
        var listed = await store.ListAsync(Key.Id).ToListAsync();
        Assert.Equal([(ushort)0, (ushort)1], listed.Select(s => s.Key.ShardIndex));
        Assert.Equal([5L, 2L], listed.Select(s => s.Length));
        var got = await store.GetManifestAsync(Key);
        Assert.NotNull(got);
        Assert.Equal(manifest with { Attributes = got.Attributes }, got);
        Assert.Equal(manifest.Attributes, got.Attributes);
        Assert.Equal(ShardStatus.Ok, await store.DeleteAsync(new ShardKey(Key, 0)));
        Assert.Equal(ShardStatus.NotFound, await store.DeleteAsync(new ShardKey(Key, 0)));
    }

    [Fact]
    public async Task Call_WrongClusterSecret_PermissionDeniedBeforeTheStoreIsTouched_AndTheServerSaysSoOnce()
    {
        var logs = new System.Collections.Concurrent.ConcurrentQueue<(Microsoft.Extensions.Logging.LogLevel Level, string Message)>();
        await using var server = await EdgeServer.StartAsync(logs: logs);
        using var channel = server.Channel(secret: "not-the-secret");
        var store = new RemoteShardStore(channel, new PeerReports(TimeProvider.System));

        var error = await Assert.ThrowsAsync<PeerCallException>(async () => await store.PutAsync(new ShardWrite(Manifest(3), 0, new byte[] { 1, 2, 3 })));
        await Assert.ThrowsAsync<PeerCallException>(async () => await store.PutAsync(new ShardWrite(Manifest(3), 0, new byte[] { 1, 2, 3 })));

        Assert.Equal(StatusCode.PermissionDenied, error.Status);
        Assert.False(error.IsTransportFailure);
        Assert.Empty(await server.Store.ListAsync().ToListAsync());

        // Sweep O: a node with another secret was cut off without a word on either side.
        var refused = Assert.Single(logs, l => l.Message.Contains("wrong cluster credentials", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, refused.Level);
        Assert.Contains("127.0.0.1", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_PeerNotListening_TransportFailureTheGridCountsAsMissed()
    {
        string address;
        await using (var server = await EdgeServer.StartAsync())
        {
            address = server.Address;
        }

        using var channel = new PeerChannel("gone", address, new Security.ClusterIdentity("test", EdgeServer.Secret), EdgeServer.Options(), TimeProvider.System);
        var store = new RemoteShardStore(channel, new PeerReports(TimeProvider.System));

        var error = await Assert.ThrowsAsync<PeerCallException>(async () => await store.ReadAsync(new ShardKey(Key, 0), 0, new byte[1]));

        Assert.Equal("gone", error.NodeId);
        Assert.True(error.IsTransportFailure);
    }

    [Fact]
    public async Task Put_ShardBeyondMaxShardBytes_RefusedAsInvalidArgument()
    {
        await using var server = await EdgeServer.StartAsync(EdgeServer.Options(chunkBytes: 4096, maxShardBytes: 8192));
        using var channel = server.Channel(options: EdgeServer.Options(chunkBytes: 4096, maxShardBytes: 8192));
        var store = new RemoteShardStore(channel, new PeerReports(TimeProvider.System));

        var error = await Assert.ThrowsAsync<PeerCallException>(async () => await store.PutAsync(new ShardWrite(Manifest(9000), 0, new byte[9000])));

        Assert.Equal(StatusCode.InvalidArgument, error.Status);
    }

    [Fact]
    public async Task Call_CallerCancels_SurfacesAsCancellationNotAsMissedPeer()
    {
        await using var server = await EdgeServer.StartAsync();
        using var channel = server.Channel();
        var store = new RemoteShardStore(channel, new PeerReports(TimeProvider.System));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.ReadAsync(new ShardKey(Key, 0), 0, new byte[1], cancelled.Token));
    }
}
