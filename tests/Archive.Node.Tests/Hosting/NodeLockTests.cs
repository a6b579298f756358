using Archive.Node.Options;
using Archive.Node.Tests.Maintenance;

namespace Archive.Node.Tests.Hosting;

/// <summary>
/// A second node process on a running node's home (or its disks) stops with a clear message before touching anything:
/// it died with a RocksDB lock stack trace after the disks had been looked at.
/// </summary>
public sealed class NodeLockTests
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "node-lock-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task SecondNodeOnTheSameHome_RefusedWithAClearMessage_FirstKeepsRunning()
    {
        await using var first = await ScrubNode.OpenAsync(_home);
        await first.WriteObjectsAsync(2, seed: 61);

        var refused = await Assert.ThrowsAsync<NodeConfigurationException>(() => ScrubNode.OpenAsync(_home));
        Assert.Contains("in use by another archive-node process", refused.Message, StringComparison.Ordinal);

        await first.WriteObjectsAsync(2, seed: 62);
        await first.AssertFullRedundancyAsync();
    }
}
