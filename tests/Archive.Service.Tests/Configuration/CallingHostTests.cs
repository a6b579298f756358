using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Archive.Dicom.Network.Association;
using Archive.Service.Configuration;

namespace Archive.Service.Tests.Configuration;

/// <summary>Dicom:CheckCallingHost: a registered AE title is accepted only from its registered host's address.</summary>
public sealed class CallingHostTests
{
    private static readonly RemoteAe[] Aes =
    [
        new("PACS_A", "10.99.99.99", 104, "chu-a", "CHUA", AePermissions.All),
        new("VIEWER", "localhost", 104, "chu-a", "CHUA", AePermissions.Query),
        new("MODALITY", string.Empty, 0, "chu-a", "CHUA", AePermissions.Store),
    ];

    [Theory]
    [InlineData("PACS_A", "10.99.99.99", true)]
    [InlineData("PACS_A", "::ffff:10.99.99.99", true)] // an IPv4 caller on a dual-stack socket
    [InlineData("PACS_A", "127.0.0.1", false)]        // sweep X: the title alone got a C-GET of the site's images
    [InlineData("VIEWER", "127.0.0.1", true)]         // a name is resolved
    [InlineData("VIEWER", "10.99.99.99", false)]
    [InlineData("MODALITY", "192.0.2.7", true)]       // registered without a host: not checked
    public void WhyRefused_HostChecked_AcceptsOnlyTheRegisteredHostsAddress(string title, string from, bool accepted)
    {
        var registry = new AeRegistry(new ArchiveServiceOptions { RemoteAes = Aes, CheckCallingHost = true });

        var reason = registry.WhyRefused(title, overTls: false, new CallingPeer(new IPEndPoint(IPAddress.Parse(from), 40000), null));

        Assert.Equal(accepted, reason is null);
        if (!accepted)
        {
            Assert.Equal($"calling AE is registered at host {Aes.Single(a => a.AeTitle == title).Host}, not at the address it called from", reason);
        }
    }

    [Fact]
    public void WhyRefused_HostNotChecked_AcceptsAnyAddress()
    {
        var registry = new AeRegistry(new ArchiveServiceOptions { RemoteAes = Aes });

        Assert.Null(registry.WhyRefused("PACS_A", overTls: false, new CallingPeer(new IPEndPoint(IPAddress.Loopback, 40000), null)));
    }

    [Theory]
    [InlineData("pacs.chu-a.example", true)]
    [InlineData("viewer.chu-a.example", false)] // sweep X: any certificate of the trusted CA could claim any registered title
    public void WhyRefused_HostChecked_OverTlsTheCertificateMustNameTheHost(string certificateName, bool accepted)
    {
        var registry = new AeRegistry(new ArchiveServiceOptions
        {
            RemoteAes = [new("PACS_T", "pacs.chu-a.example", 104, "chu-a", "CHUA", AePermissions.All)],
            CheckCallingHost = true,
        });

        var reason = registry.WhyRefused("PACS_T", overTls: true, new CallingPeer(null, Certificate(certificateName)));

        Assert.Equal(accepted, reason is null);
        Assert.NotNull(registry.WhyRefused("PACS_T", overTls: true, new CallingPeer(null, null))); // sweep V: no certificate at all (RequireClientCertificate false)
    }

    private static X509Certificate2 Certificate(string dnsName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
