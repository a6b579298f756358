using System.Diagnostics.Metrics;
using Archive.Grid.Repair;
using Archive.Grid.Writing;
using Archive.Node.Hosting;
using Archive.Node.Options;
using Archive.Storage.Primitives;
using Archive.Storage.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Node.Tests.Hosting;

/// <summary>The host's repair worker over a real single-node runtime (six disks, RocksDB queue and replica).</summary>
public sealed class RepairServiceTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "node-repair-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Worker_DeletedQueuedShard_RebuiltOnDiskAndQueueDrained()
    {
        var settings = NodeSettingsLoader.Load(NodeSettingsLoader.Build(["--home", _home], _ => null), _home);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using var runtime = new NodeRuntime(settings, NullLoggerFactory.Instance, services.GetRequiredService<IMeterFactory>(), TimeProvider.System);
        await runtime.OpenAsync(CancellationToken.None);
        var content = new byte[300_000];
        new Random(5).NextBytes(content);
        using var stream = new MemoryStream(content);
        var manifest = (await runtime.Writer.WriteAsync(new GridWriteRequest("1.2.840.5", "study-5", stream, "attrs"u8.ToArray()))).Manifest!;
        var part = manifest.Parts[0];
        Assert.Equal(ShardStatus.Ok, await runtime.Store.DeleteAsync(new ShardKey(part.StorageKey, 2)));
        Assert.NotEqual(ShardStatus.Ok, (await runtime.Store.VerifyAsync(new ShardKey(part.StorageKey, 2))).Status);
        await runtime.Repairs.EnqueueAsync(new RepairItem(manifest.PartitionKey, manifest.ObjectName, manifest.Sha256, 0, [2], manifest.TotalShards - 1, RepairReason.BadOnScrub));

        var worker = RepairService.CreateWorker(runtime, TimeProvider.System, NullLoggerFactory.Instance);
        var pass = await worker.RunOnceAsync();

        Assert.Equal(new RepairPass(1, 1, 0, 0), pass);
        Assert.Equal(0, runtime.Repairs.Count);
        for (var i = 0; i < manifest.TotalShards; i++)
        {
            Assert.Equal(ShardStatus.Ok, (await runtime.Store.VerifyAsync(new ShardKey(part.StorageKey, (ushort)i))).Status);
        }

        using var back = new MemoryStream();
        Assert.True((await runtime.Reader.ReadAsync(manifest, back)).IsSuccess);
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
