using Archive.Cli.Tests.Network;

namespace Archive.Cli.Tests.Map;

public sealed class MapCommandTests
{
    [Fact]
    public async Task Apply_InvalidMap_ExitsBadInputWithTheReason()
    {
        var file = Path.Combine(Path.GetTempPath(), "bad-map-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, """{ "formatVersion": 1, "clusterId": "c", "epoch": 0, "nodes": [], "storageClasses": [], "policy": { "defaultClass": "x" } }""");
        try
        {
            var (code, _, error) = await NetworkCommandFixture.Run("map", "apply", file, "--node", "http://127.0.0.1:1");
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains("invalid grid map", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Show_NoNodeListening_ExitsUnreachable()
    {
        var port = NetworkCommandFixture.FreePort();
        var (code, _, error) = await NetworkCommandFixture.Run("map", "show", "--node", $"http://127.0.0.1:{port}");
        Assert.Equal(ExitCodes.Unreachable, code);
        Assert.Contains("map show:", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:7100")]
    [InlineData("garbage://x")]
    [InlineData("")]
    public async Task Show_NodeThatIsNoUrl_UsageErrorNamingTheFormNotAStackTrace(string node)
    {
        var (code, _, error) = await NetworkCommandFixture.Run("map", "show", "--node", node);
        Assert.NotEqual(ExitCodes.Ok, code);
        Assert.Contains("must be a node's gRPC URL such as http://", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
