using System.Diagnostics.Metrics;
using Archive.Grid.Repair;
using Archive.Grid.Writing;
using Archive.Node.Hosting;
using Archive.Node.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Node.Tests.Hosting;

/// <summary>
/// Sweep Q: segment files lost while the node was down were found at start ("entries flagged for repair") but reached
/// the repair queue only when a read or the disk's next scrub pass met them; meanwhile status said full redundancy.
/// </summary>
public sealed class MissingAtStartTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "missing-at-start-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Open_AfterASegmentWasDeletedWhileDown_QueuesItsShardsForRepair()
    {
        var settings = NodeSettingsLoader.Load(NodeSettingsLoader.Build(["--home", _home], _ => null), _home);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using (var runtime = await OpenAsync(settings, services))
        {
            using var stream = new MemoryStream(new byte[200_000]);
            Assert.True((await runtime.Writer.WriteAsync(new GridWriteRequest("1.2.840.71.1", "1.2.840.71", stream, "attrs"u8.ToArray()))).IsSuccess);
        }

        var lost = Directory.GetFiles(Path.Combine(settings.DataDisks[0], "segments"), "*.aseg").Single();
        File.Delete(lost);

        await using (var runtime = await OpenAsync(settings, services))
        {
            var item = Assert.Single(await runtime.Repairs.PeekAsync(10));
            Assert.Equal("1.2.840.71.1", item.ObjectName);
            Assert.Equal(RepairReason.MissingOnCheck, item.Reason);
            Assert.Single(item.ShardIndices);
        }
    }

    private static async Task<NodeRuntime> OpenAsync(NodeSettings settings, ServiceProvider services)
    {
        var runtime = new NodeRuntime(settings, NullLoggerFactory.Instance, services.GetRequiredService<IMeterFactory>(), TimeProvider.System);
        await runtime.OpenAsync(CancellationToken.None);
        return runtime;
    }

    public void Dispose()
    {
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }
}
