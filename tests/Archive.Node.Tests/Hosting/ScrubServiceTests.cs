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

    [Fact]
    public async Task Runner_FlippedByteInASegment_FoundQueuedAndRepairedBitExact()
    {
        var settings = NodeSettingsLoader.Load(NodeSettingsLoader.Build(["--home", _home], _ => null), _home);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using var runtime = new NodeRuntime(settings, NullLoggerFactory.Instance, services.GetRequiredService<IMeterFactory>(), TimeProvider.System);
        await runtime.OpenAsync(CancellationToken.None);
        var content = new byte[200_000];
        new Random(9).NextBytes(content);
        using (var stream = new MemoryStream(content))
        {
            Assert.True((await runtime.Writer.WriteAsync(new GridWriteRequest("1.2.840.10", "study-10", stream, "attrs"u8.ToArray()))).IsSuccess);
        }

        var disk = runtime.Store.Disks.First(d => d.ListSegments().Any(id => new FileInfo(d.SegmentPath(id)).Length > 40_000));
        var segment = disk.SegmentPath(disk.ListSegments().First(id => new FileInfo(disk.SegmentPath(id)).Length > 40_000));
        using (var file = new FileStream(segment, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete))
        {
            file.Position = file.Length / 2;
            var b = file.ReadByte();
            file.Position = file.Length / 2;
            file.WriteByte((byte)(b ^ 0x10));
        }

        var runner = ScrubService.CreateRunner(runtime, TimeProvider.System, NullLoggerFactory.Instance);
        while (await runner.StepAsync() == TimeSpan.Zero)
        {
        }

        Assert.Equal(1, runner.Totals.Bad);
        var item = Assert.Single(await runtime.Repairs.PeekAsync(10));
        Assert.Equal(("1.2.840.10", Archive.Grid.Repair.RepairReason.BadOnScrub), (item.ObjectName, item.Reason));
        var pass = await RepairService.CreateWorker(runtime, TimeProvider.System, NullLoggerFactory.Instance).RunOnceAsync();
        Assert.Equal(1, pass.Repaired);

        var again = ScrubService.CreateRunner(runtime, TimeProvider.System, NullLoggerFactory.Instance);
        File.Delete(Path.Combine(settings.FastDirectory, "scrub-progress"));
        while (await again.StepAsync() == TimeSpan.Zero)
        {
        }

        Assert.Equal(0, again.Totals.Bad);
        using var back = new MemoryStream();
        Assert.True((await runtime.Reader.ReadAsync("study-10", "1.2.840.10", back)).IsSuccess);
        Assert.Equal(content, back.ToArray());
    }

    public void Dispose()
    {
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }
}
