using System.Globalization;
using Archive.Cli.Commands.Audit;
using Archive.Cli.Tests.Grid;
using Archive.Testing.Dicom;
using static Archive.Cli.Tests.Network.NetworkCommandFixture;

namespace Archive.Cli.Tests.Maintenance;

/// <summary><c>archivectl audit list|verify</c> against the 3-node grid: a store, a new version and an admin verify are in the trail, every chain intact.</summary>
[Collection(LocalGridCollection.Name)]
public sealed class AuditCommandTests(LocalGridFixture grid) : IDisposable
{
    private const string Study = "1.2.826.0.1.3680043.10.5301.1";
    private readonly string _directory = Directory.CreateTempSubdirectory("archivectl-audit-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task List_AStoreANewVersionAndAnAdminVerify_AreInTheTrail_AndEveryChainIsIntact()
    {
        await StoreAsync(pixelSeed: 1);
        await StoreAsync(pixelSeed: 2); // same SOP Instance UID, other bytes: a new version
        Assert.Equal(ExitCodes.Ok, (await grid.Run("verify", Study)).Code);
        await Task.Delay(600); // the nodes append their audit events every 200 ms

        var report = await grid.Json([ExitCodes.Ok], "audit", "list", "--uid", Study, "--since", "10m");
        var records = report.GetProperty("records").EnumerateArray().Select(r => (Type: r.GetProperty("type").GetString(), Actor: r.GetProperty("actor").GetString(), Outcome: r.GetProperty("outcome").GetString())).ToArray();
        Assert.Equal(["store", "store-new-version", "admin-verify"], records.Select(r => r.Type));
        Assert.Equal(["0x0000", "0xB000"], records.Take(2).Select(r => r.Outcome));
        Assert.Equal("admin 127.0.0.1", records[2].Actor); // the host, not the port each call comes from
        Assert.Equal(3, report.GetProperty("nodes").GetArrayLength());

        var onlyVersions = await grid.Json([ExitCodes.Ok], "audit", "list", "--uid", Study, "--type", "store-new-version", "--since", "10m");
        Assert.Single(onlyVersions.GetProperty("records").EnumerateArray());

        var chains = await grid.Json([ExitCodes.Ok], "audit", "verify");
        Assert.All(chains.EnumerateArray(), n => Assert.True(n.GetProperty("intact").GetBoolean()));
        Assert.Contains(chains.EnumerateArray(), n => n.GetProperty("records").GetInt64() >= 3);
    }

    [Theory]
    [InlineData("--since", "yesterday")]
    [InlineData("--limit", "0")]
    public void List_BadArguments_AreUsageErrors(string option, string value)
    {
        Assert.NotEmpty(Program.BuildRoot().Parse(["audit", "list", option, value]).Errors); // Main exits 2 on these
    }

    [Fact]
    public void List_SinceAfterUntil_IsAUsageError()
    {
        Assert.NotEmpty(Program.BuildRoot().Parse(["audit", "list", "--since", "1d", "--until", "2d"]).Errors);
        Assert.Empty(Program.BuildRoot().Parse(["audit", "list", "--since", "2d", "--until", "1d"]).Errors);
    }

    [Fact]
    public async Task List_UnknownEventType_IsRefusedWithTheKnownOnes()
    {
        var (code, _, error) = await grid.Run("audit", "list", "--type", "stores");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("unknown audit event type 'stores'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void When_TimesAndDurations()
    {
        var now = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(now.AddMinutes(-90), AuditCommand.When("90m", now));
        Assert.Equal(now.AddDays(-30), AuditCommand.When("30d", now));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero), AuditCommand.When("2026-11-01T08:00", now));
        Assert.Null(AuditCommand.When("soon", now));
        Assert.Equal(DateTimeOffset.UnixEpoch, AuditCommand.When("1000000d", now)); // sweep O: an unhandled exception, exit 134
    }

    private async Task StoreAsync(int pixelSeed)
    {
        var path = Path.Combine(_directory, pixelSeed.ToString(CultureInfo.InvariantCulture) + ".dcm");
        await File.WriteAllBytesAsync(path, TestDicomObjects.Part10(new TestDicomObjects.Spec("Audit^Test", "PID-AUDIT", Study, Study + ".1", Study + ".1.1", Size: 32, PixelSeed: pixelSeed)));
        var (code, output, error) = await Run(["dicom", "store", "127.0.0.1", grid.Entry.DicomPort.ToString(CultureInfo.InvariantCulture), path, "--aec", grid.Entry.DicomAe]);
        Assert.True(code is ExitCodes.Ok or ExitCodes.Failed, output + error); // a new version answers a warning
    }
}
