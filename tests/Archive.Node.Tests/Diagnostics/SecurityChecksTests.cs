using Archive.Node.Diagnostics;
using Archive.Node.Options;
using Archive.Node.Tests.Support;
using Archive.Testing.Tls;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Tests.Diagnostics;

/// <summary>The start-up warnings for security mistakes that do not stop a node (sweep X: each started in silence).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecurityChecksTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("security-checks-").FullName;
    private readonly TestPki _pki;
    private readonly TestPki.Issued _certificate;

    public SecurityChecksTests()
    {
        _pki = TestPki.Create(_directory); // its CA valid for a year from yesterday
        _certificate = _pki.Issue("archive"); // valid for six months from yesterday
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Warn_DevelopmentSecretBeyondLoopback_ReadableKey_AndCertificateDates()
    {
        File.SetUnixFileMode(_certificate.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var settings = Load("--Node:GrpcUrl=http://0.0.0.0:7100", "--Node:AdvertisedAddress=http://10.1.2.3:7100");

        Assert.Equal([4026, 4027], Warnings(settings, DateTimeOffset.UtcNow));
        Assert.Equal([4026, 4027, 4029], Warnings(settings, DateTimeOffset.UtcNow.AddDays(170))); // expires within 30 days
        Assert.Equal([4026, 4027, 4028], Warnings(settings, DateTimeOffset.UtcNow.AddDays(200))); // expired
    }

    [Fact]
    public void Warn_TrustedCaCertificateDates_SaidAsTheOwnCertificatesAre()
    {
        // Sweep G: only the node's own certificates were checked; a CA that expires refuses every peer it signed.
        File.SetUnixFileMode(_certificate.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var settings = Load($"--Dicom:Tls:TrustedCaFile={_pki.CaFile}");

        Assert.Empty(Warnings(settings, DateTimeOffset.UtcNow));
        Assert.Equal([4028, 4045], Warnings(settings, DateTimeOffset.UtcNow.AddDays(340))); // own expired, the CA within 30 days
        Assert.Equal([4028, 4044], Warnings(settings, DateTimeOffset.UtcNow.AddDays(400))); // both expired
    }

    [Fact]
    public void Warn_OwnSecretOrLoopback_PrivateKey_ValidCertificate_NothingToSay()
    {
        File.SetUnixFileMode(_certificate.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Empty(Warnings(Load(), DateTimeOffset.UtcNow));
        Assert.Empty(Warnings(Load("--Node:GrpcUrl=http://0.0.0.0:7100", "--Node:AdvertisedAddress=http://10.1.2.3:7100", "--Node:ClusterSecret=region-secret-7f3a"), DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Warn_GrpcKeyReadableByOthers()
    {
        // Sweep V: only the DICOM key was checked; the gRPC key guards the admin and node-to-node channel.
        var settings = Load(
            "--Dicom:Tls:Enabled=false", "--Node:GrpcUrl=https://127.0.0.1:7100", "--Node:AdvertisedAddress=https://127.0.0.1:7100",
            $"--Grpc:Tls:CertificateFile={_certificate.CertificateFile}", $"--Grpc:Tls:KeyFile={_certificate.KeyFile}");

        File.SetUnixFileMode(_certificate.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        Assert.Equal([4027], Warnings(settings, DateTimeOffset.UtcNow));
        File.SetUnixFileMode(_certificate.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Empty(Warnings(settings, DateTimeOffset.UtcNow));
    }

    private NodeSettings Load(params string[] args) => NodeSettingsLoader.Load(
        NodeSettingsLoader.Build(
            ["--Dicom:Tls:Enabled=true", $"--Dicom:Tls:CertificateFile={_certificate.CertificateFile}", $"--Dicom:Tls:KeyFile={_certificate.KeyFile}", .. args],
            _ => null),
        _directory);

    private static int[] Warnings(NodeSettings settings, DateTimeOffset now)
    {
        var logger = new RecordingLogger();
        SecurityChecks.Warn(settings, logger, new FixedTime(now));
        return [.. logger.Ids];
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
