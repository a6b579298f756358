using Archive.Grid.Grpc;
using Archive.Grid.Grpc.Client;
using Archive.Grid.Grpc.Errors;
using Archive.Grid.Grpc.Peers;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Store;
using Archive.Testing.Tls;
using Grpc.Core;

namespace Archive.Grid.Grpc.Tests.Client;

/// <summary>gRPC between nodes over TLS (an https peer address): shards pass intact, and only a trusted peer is talked to.</summary>
public sealed class PeerChannelTlsTests : IDisposable
{
    private static readonly ObjectKey Key = new(new ObjectId(0x0102030405060708, 0x1112131415161718), 1);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "archive-grpc-tls-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly TestPki _pki;

    public PeerChannelTlsTests() => _pki = TestPki.Create(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A TLS handshake on a loaded CI machine can take longer than the plain tests' one-second connect timeout.</summary>
    private static GrpcEdgeOptions TlsOptions() => EdgeServer.Options() with { ConnectTimeout = TimeSpan.FromSeconds(15) };

    [Fact]
    public async Task ShardPutAndRead_OverHttpsWithTheGridsCa_ExactBytes()
    {
        await using var server = await EdgeServer.StartAsync(certificate: _pki.Issue("node-2").Certificate);
        Assert.StartsWith("https://", server.Address, StringComparison.Ordinal);
        using var channel = server.Channel(options: TlsOptions() with { TlsTrustedAuthorities = _pki.Authorities() });
        var store = new RemoteShardStore(channel, new PeerReports(TimeProvider.System));
        var data = new byte[300_001];
        new Random(7).NextBytes(data);

        var manifest = new ObjectManifest(Key, data.Length, Archive.Codec.Fixity.Sha256Digest.Compute(data), "ec-4-2", 4, 2, 16384, Archive.Codec.Framing.ChecksumAlgorithm.XxHash3_64, DateTimeOffset.UnixEpoch, []);
        Assert.Equal(ShardStatus.Ok, (await store.PutAsync(new ShardWrite(manifest, 1, data, MemoryShardStore.Disk))).Status);
        var back = new byte[data.Length];
        Assert.Equal(data.Length, (await store.ReadAsync(new ShardKey(Key, 1), 0, back)).BytesRead);
        Assert.Equal(data, back);
    }

    [Theory]
    [InlineData("none", true)] // archivectl, or a node of the previous version: the cluster credentials authenticate it
    [InlineData("grid", true)]
    [InlineData("other", false)] // sweep S: a node with a certificate its peers refuse still wrote into the grid
    public async Task Call_FromANodeShowingACertificate_IsServedOnlyWhenTheGridsCaSignedIt(string shown, bool served)
    {
        await using var server = await EdgeServer.StartAsync(certificate: _pki.Issue("node-2").Certificate, callersCa: _pki.Authorities());
        var own = shown switch
        {
            "grid" => _pki.Issue("node-1").Certificate,
            "other" => TestPki.Create(Path.Combine(_directory, "other"), "other").Issue("node-1").Certificate,
            _ => null,
        };
        using var channel = server.Channel(options: TlsOptions() with { TlsTrustedAuthorities = _pki.Authorities(), TlsCertificate = own });
        var store = new RemoteShardStore(channel, new PeerReports(TimeProvider.System));
        var manifest = new ObjectManifest(Key, 3, Archive.Codec.Fixity.Sha256Digest.Compute([1, 2, 3]), "ec-4-2", 4, 2, 16384, Archive.Codec.Framing.ChecksumAlgorithm.XxHash3_64, DateTimeOffset.UnixEpoch, []);
        var put = async () => await store.PutAsync(new ShardWrite(manifest, 1, new byte[] { 1, 2, 3 }, MemoryShardStore.Disk));

        if (served)
        {
            Assert.Equal(ShardStatus.Ok, (await put()).Status);
        }
        else
        {
            // Refused after the handshake (TLS 1.3 checks the client's certificate last): the connection ends, which gRPC
            // reports as Unavailable or Internal depending on when it sees it; either way a missed peer to the grid.
            Assert.Contains((await Assert.ThrowsAsync<PeerCallException>(put)).Status, new[] { StatusCode.Unavailable, StatusCode.Internal });
        }

        Assert.Equal(served ? 1 : 0, server.Store.Count);
    }

    [Fact]
    public async Task Call_ToAPeerWhoseCertificateIsOfAnotherCa_FailsAsUnavailable_NothingSent()
    {
        var stranger = TestPki.Create(Path.Combine(_directory, "other"), "other");
        await using var server = await EdgeServer.StartAsync(certificate: stranger.Issue("impostor").Certificate);
        using var channel = server.Channel(options: TlsOptions() with { TlsTrustedAuthorities = _pki.Authorities() });
        var store = new RemoteShardStore(channel, new PeerReports(TimeProvider.System));
        var manifest = new ObjectManifest(Key, 3, Archive.Codec.Fixity.Sha256Digest.Compute([1, 2, 3]), "ec-4-2", 4, 2, 16384, Archive.Codec.Framing.ChecksumAlgorithm.XxHash3_64, DateTimeOffset.UnixEpoch, []);

        var failure = await Assert.ThrowsAsync<PeerCallException>(async () => await store.PutAsync(new ShardWrite(manifest, 1, new byte[] { 1, 2, 3 }, MemoryShardStore.Disk)));
        Assert.Equal(StatusCode.Unavailable, failure.Status);
        Assert.Contains("TLS handshake with node peer failed", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Store.Count);
    }
}
