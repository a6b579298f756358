using System.Diagnostics.Metrics;
using Archive.Grid.Writing;
using Archive.Node.Hosting;
using Archive.Node.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Node.Tests.Hosting;

/// <summary>The host's scrub runner over a real single-node runtime.</summary>
public sealed class ScrubServiceTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "node-scrub-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Runner_HealthyNode_FullPassVerifiesEveryShardFindsNothingAndSavesProgress()
    {
        var settings = NodeSettingsLoader.Load(NodeSettingsLoader.Build(["--home", _home, "--Scrub:CheckpointShards=2"], _ => null), _home);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using var runtime = new NodeRuntime(settings, NullLoggerFactory.Instance, services.GetRequiredService<IMeterFactory>(), TimeProvider.System);
        await runtime.OpenAsync(CancellationToken.None);
        for (var i = 0; i < 2; i++)
        {
            using var stream = new MemoryStream(new byte[100_000 + i]);
            Assert.True((await runtime.Writer.WriteAsync(new GridWriteRequest("1.2.840.9." + i, "study-9", stream, "attrs"u8.ToArray()))).IsSuccess);
        }

        var runner = ScrubService.CreateRunner(runtime, TimeProvider.System, NullLoggerFactory.Instance);
        while (await runner.StepAsync() == TimeSpan.Zero)
        {
        }

        var shards = await runtime.Store.ListAsync().CountAsync();
        Assert.Equal((shards, 0L), runner.Totals);
        Assert.NotNull(new ScrubProgressFile(Path.Combine(settings.FastDirectory, "scrub-progress")).Load().LastPassCompletedAt);
        Assert.Equal(0, runtime.Repairs.Count);
    }

    public void Dispose()
    {
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }
}
