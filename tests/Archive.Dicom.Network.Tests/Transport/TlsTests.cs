using System.Security.Authentication;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;
using Archive.Dicom.Network.Scu;
using Archive.Dicom.Network.Tests.Infrastructure;
using Archive.Dicom.Network.Transport;
using Archive.Testing.Tls;
using Archive.Tls;

namespace Archive.Dicom.Network.Tests.Transport;

/// <summary>DICOM over TLS between our client and our listener: who is let in, and that the bytes pass intact.</summary>
public sealed class TlsTests(TlsTests.Material material) : IClassFixture<TlsTests.Material>
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private const string ExplicitLittle = "1.2.840.10008.1.2.1";

    private readonly TestPki _pki = material.Pki;
    private readonly TestPki _stranger = material.Stranger;
    private readonly DicomTls _server = material.Server;
    private readonly DicomTls _client = material.Client;

    /// <summary>Two authorities and their certificates, made once for the class.</summary>
    public sealed class Material : IDisposable
    {
        public Material()
        {
            Pki = TestPki.Create(Directory);
            Stranger = TestPki.Create(Path.Combine(Directory, "other"), "other");
            Server = new DicomTls(Pki.Issue("archive").Certificate, Pki.Authorities());
            Client = new DicomTls(Pki.Issue("pacs").Certificate, Pki.Authorities());
        }

        public string Directory { get; } = Path.Combine(Path.GetTempPath(), "archive-tls-" + Guid.NewGuid().ToString("N")[..8]);

        public TestPki Pki { get; }

        public TestPki Stranger { get; }

        public DicomTls Server { get; }

        public DicomTls Client { get; }

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }

    [Fact]
    public async Task EchoAndLargeStore_BothSidesTrusted_PassIntact()
    {
        await using var scp = new TestScp(tls: _server);
        var contexts = new PresentationContextList().Add(ServiceUids.Verification).AddStorage(CtImageStorage, ExplicitLittle);
        await using var client = await DicomClient.ConnectAsync("127.0.0.1", scp.Port, "ARCHIVE", contexts, new DicomClientOptions { CallingAeTitle = "PACS", Tls = _client });
        Assert.Equal(DimseStatus.Success, await client.EchoAsync());

        // Several megabytes cross many TLS records and PDUs, and the receive pipe's pause threshold.
        var dataset = Enumerable.Range(0, 5_000_003).Select(i => (byte)(i * 31 + (i >> 13))).ToArray();
        var response = await client.StoreAsync(CtImageStorage, "1.2.3.4", ExplicitLittle, new MemoryStream(dataset), dataset.Length);
        Assert.Equal(DimseStatus.Success, response.Status);
        Assert.Equal(dataset, scp.Store.Received["1.2.3.4"].Data);
        await client.ReleaseAsync();
    }

    [Fact]
    public async Task Connect_ServerCertificateFromAnotherAuthority_IsRefusedByTheClient()
    {
        await using var scp = new TestScp(tls: new DicomTls(_stranger.Issue("impostor").Certificate, _pki.Authorities()));
        await Assert.ThrowsAnyAsync<AuthenticationException>(() => ConnectAsync(scp.Port, _client));
    }

    [Fact]
    public async Task Connect_ClientCertificateFromAnotherAuthority_IsRefused_AndTheListenerServesOthers()
    {
        await using var scp = new TestScp(tls: _server);
        var untrusted = new DicomTls(_stranger.Issue("intruder").Certificate, _pki.Authorities());
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var refused = await ConnectAsync(scp.Port, untrusted);
            await refused.EchoAsync(); // TLS 1.3 may finish the client's side before the server refuses its certificate
        });

        await using var client = await ConnectAsync(scp.Port, _client);
        Assert.Equal(DimseStatus.Success, await client.EchoAsync());
    }

    [Fact]
    public async Task Connect_ClientCertificateOptional_AnonymousIsLetIn_AShownOneIsSeenAndAnUntrustedOneRefused()
    {
        // Sweep H-1: with the certificate optional the caller was never asked for one, so a registered AE's certificate
        // never reached the calling-host check (which refused it) and an untrusted one was never judged.
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var policy = new Archive.Dicom.Network.Association.AssociationPolicy
        {
            IsCallingAeTitleAllowed = (_, caller) =>
            {
                seen.Enqueue(caller.Certificate?.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, forIssuer: false) ?? "none");
                return true;
            },
        };
        await using var scp = new TestScp(policy: policy, tls: new DicomTls(_pki.Issue("archive-optional").Certificate, _pki.Authorities()) { RequireClientCertificate = false });

        // dcmtk's anonymous TLS (our client always shows its certificate).
        var anonymous = await Archive.Testing.Dcmtk.DcmtkTool.RunAsync("echoscu", ["+tla", "+cf", _pki.CaFile, "-aet", "ANON", "-aec", "ARCHIVE", "127.0.0.1", scp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(anonymous.ExitCode == 0, anonymous.Output);

        await using (var shown = await ConnectAsync(scp.Port, _client))
        {
            Assert.Equal(DimseStatus.Success, await shown.EchoAsync());
        }

        Assert.Equal(["none", "pacs"], seen.ToArray());
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var refused = await ConnectAsync(scp.Port, new DicomTls(_stranger.Issue("intruder-optional").Certificate, _pki.Authorities()));
            await refused.EchoAsync();
        });
    }

    [Fact]
    public async Task Connect_ClientCertificateNotForClientAuthentication_IsRefused_AndTheListenerServesOthers()
    {
        // Issued by the trusted authority, but for TLS servers only (extended key usage): it may not log in as a client.
        await using var scp = new TestScp(tls: _server);
        var serverOnly = new DicomTls(_pki.Issue("web-server", [TestPki.ServerAuth]).Certificate, _pki.Authorities());
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var refused = await ConnectAsync(scp.Port, serverOnly);
            await refused.EchoAsync();
        });

        await using var client = await ConnectAsync(scp.Port, _client);
        Assert.Equal(DimseStatus.Success, await client.EchoAsync());
    }

    [Fact]
    public async Task Connect_ClientCertificateWhoseKeyMayNotSign_IsRefused()
    {
        // A key limited to encipherment may not sign the handshake (RFC 5280 4.2.1.3): not a client's certificate.
        await using var scp = new TestScp(tls: _server);
        var cannotSign = new DicomTls(_pki.Issue("no-signing", [TestPki.ClientAuth], System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.KeyEncipherment).Certificate, _pki.Authorities());
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var refused = await ConnectAsync(scp.Port, cannotSign);
            await refused.EchoAsync();
        });
    }

    [Fact]
    public async Task Connect_ServerCertificateNotForServerAuthentication_IsRefusedByTheClient()
    {
        await using var scp = new TestScp(tls: new DicomTls(_pki.Issue("client-only", [TestPki.ClientAuth]).Certificate, _pki.Authorities()));
        var refused = await Assert.ThrowsAnyAsync<AuthenticationException>(() => ConnectAsync(scp.Port, _client));
        Assert.StartsWith("the certificate of 127.0.0.1 is not for TLS server authentication: its extended key usage allows only", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_InTheClearToATlsListener_Fails_AndTheListenerServesOthers()
    {
        await using var scp = new TestScp(tls: _server);
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(scp.Port, null));
        await using var client = await ConnectAsync(scp.Port, _client);
        Assert.Equal(DimseStatus.Success, await client.EchoAsync());
    }

    [Fact]
    public async Task AcceptTls_AnAssociationRequestInTheClear_IsRefusedSayingTheCallerIsNotUsingTls()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        using var caller = new System.Net.Sockets.TcpClient();
        await caller.ConnectAsync(System.Net.IPAddress.Loopback, ((System.Net.IPEndPoint)listener.LocalEndpoint).Port);
        var accepted = await listener.AcceptSocketAsync();
        await caller.GetStream().WriteAsync(Samples.ByName("rq"));

        var refused = await Assert.ThrowsAnyAsync<AuthenticationException>(() => SocketPipe.AcceptTlsAsync(accepted, _server, 64 * 1024, CancellationToken.None));
        Assert.Contains("not configured for TLS on this port", refused.Message, StringComparison.Ordinal);
    }

    private const int ClientHelloVersionEnd = 11; // record header, message type and length, version: all the archive reads

    [Theory]
    [InlineData(1, "the caller offers TLS 1.0 at most")]
    [InlineData(2, "the caller offers TLS 1.1 at most")]
    public async Task AcceptTls_AClientHelloOfAnOldVersion_IsRefusedNamingIt(byte minor, string expected)
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        using var caller = new System.Net.Sockets.TcpClient();
        await caller.ConnectAsync(System.Net.IPAddress.Loopback, ((System.Net.IPEndPoint)listener.LocalEndpoint).Port);
        var accepted = await listener.AcceptSocketAsync();

        // The start of an old client's ClientHello: handshake record, ClientHello of 0x2c bytes, legacy version 3.minor.
        byte[] hello = [22, 3, 1, 0, 0x30, 1, 0, 0, 0x2c, 3, minor, .. new byte[0x2c - 2]];
        caller.NoDelay = true;
        var accepting = SocketPipe.AcceptTlsAsync(accepted, _server, 64 * 1024, CancellationToken.None);
        foreach (var piece in hello[..ClientHelloVersionEnd].Chunk(4)) // in pieces, as a caller may send it (sweep V: its version went unread)
        {
            await caller.GetStream().WriteAsync(piece);
            await Task.Delay(20);
        }

        var refused = await Assert.ThrowsAnyAsync<AuthenticationException>(() => accepting);
        Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
        Assert.Contains("TLS 1.2 or 1.3 is required", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForPeer_ConfiguredForTls_NeedsOurCertificate_AndAPlainPeerGetsNoTls()
    {
        var options = new DicomClientOptions { Tls = _client };
        Assert.Same(_client, options.For(new DicomPeer("DEST", "127.0.0.1", 104, Tls: true)).Tls);
        Assert.Null(options.For(new DicomPeer("DEST", "127.0.0.1", 104)).Tls);
        Assert.Throws<TlsMaterialException>(() => new DicomClientOptions().For(new DicomPeer("DEST", "127.0.0.1", 104, Tls: true)));
    }

    [Fact]
    public void FromPemFiles_KeyOfAnotherCertificate_NamesTheFiles()
    {
        var a = _pki.Issue("a");
        var b = _pki.Issue("b");
        var e = Assert.Throws<TlsMaterialException>(() => DicomTls.FromPemFiles(a.CertificateFile, b.KeyFile, _pki.CaFile));
        Assert.Contains(a.CertificateFile, e.Message, StringComparison.Ordinal);
        Assert.NotNull(DicomTls.FromPemFiles(a.CertificateFile, a.KeyFile, _pki.CaFile).TrustedAuthorities);
    }

    private static Task<DicomClient> ConnectAsync(int port, DicomTls? tls) =>
        DicomClient.ConnectAsync("127.0.0.1", port, "ARCHIVE", new PresentationContextList().Add(ServiceUids.Verification), new DicomClientOptions { CallingAeTitle = "PACS", Tls = tls, ConnectTimeout = TimeSpan.FromSeconds(5) });
}
