using System.Security.Cryptography.X509Certificates;
using Archive.Testing.Tls;

namespace Archive.Tls.Tests;

/// <summary>What an operator's PEM files give, and what a file that cannot be used says.</summary>
public sealed class PemFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("archive-pem-").FullName;
    private readonly TestPki _pki;

    public PemFilesTests() => _pki = TestPki.Create(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void LoadCertificate_WithChainAfterIt_GivesTheKeyAndTheIntermediates()
    {
        var issued = _pki.Issue("node-1");
        var chained = Path.Combine(_directory, "chained.pem");
        File.WriteAllText(chained, File.ReadAllText(issued.CertificateFile) + File.ReadAllText(_pki.CaFile));

        var (certificate, intermediates) = PemFiles.LoadCertificate(chained, issued.KeyFile);

        Assert.True(certificate.HasPrivateKey);
        Assert.Equal(issued.Certificate.Thumbprint, certificate.Thumbprint);
        Assert.Equal(_pki.Authorities()[0].Thumbprint, Assert.Single(intermediates).Thumbprint);
    }

    [Fact]
    public void LoadCertificate_KeyOfAnotherCertificate_NamesBothFiles()
    {
        var (a, b) = (_pki.Issue("a"), _pki.Issue("b"));

        var e = Assert.Throws<TlsMaterialException>(() => PemFiles.LoadCertificate(a.CertificateFile, b.KeyFile));

        Assert.Contains(a.CertificateFile, e.Message);
        Assert.Contains(b.KeyFile, e.Message);
    }

    [Fact]
    public void LoadAuthorities_Bundle_GivesEveryCertificate()
    {
        var other = TestPki.Create(Path.Combine(_directory, "other"), "other");
        var bundle = Path.Combine(_directory, "bundle.pem");
        File.WriteAllText(bundle, File.ReadAllText(_pki.CaFile) + File.ReadAllText(other.CaFile));

        Assert.Equal(2, PemFiles.LoadAuthorities(bundle).Count);
    }

    [Theory]
    [InlineData("", "holds no certificate")]
    [InlineData("not a certificate\n", "holds no certificate")]
    [InlineData(null, "cannot load the trusted CA file")]
    public void LoadAuthorities_UnusableFile_IsRefusedNamingIt(string? content, string expected)
    {
        var file = Path.Combine(_directory, "ca.pem");
        if (content is not null)
        {
            File.WriteAllText(file, content);
        }

        var e = Assert.Throws<TlsMaterialException>(() => PemFiles.LoadAuthorities(file));

        Assert.Contains(expected, e.Message);
        Assert.Contains(file, e.Message);
    }

    [Fact]
    public void ChainPolicy_TrustsOnlyTheGivenAuthorities()
    {
        var ours = _pki.Issue("ours").Certificate;
        var theirs = TestPki.Create(Path.Combine(_directory, "other"), "other").Issue("theirs").Certificate;

        var policy = PeerTrust.ChainPolicy(_pki.Authorities())!;

        Assert.Equal(X509RevocationMode.NoCheck, policy.RevocationMode);
        Assert.True(Builds(policy, ours));
        Assert.False(Builds(policy, theirs));
        Assert.Null(PeerTrust.ChainPolicy(null));
    }

    private static bool Builds(X509ChainPolicy policy, X509Certificate2 certificate)
    {
        using var chain = new X509Chain { ChainPolicy = policy.Clone() };
        return chain.Build(certificate);
    }
}
