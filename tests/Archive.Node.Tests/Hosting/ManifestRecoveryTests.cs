using System.Diagnostics.Metrics;
using Archive.Grid.Peers;
using Archive.Grid.Writing;
using Archive.Index;
using Archive.Node.Hosting;
using Archive.Node.Options;
using Archive.Storage.Primitives;
using Archive.Storage.Store;
using Archive.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Node.Tests.Hosting;

/// <summary>
/// A single node writes its new manifests unsynced (its own shards carry them); a power loss that takes the
/// database's unsynced tail must not lose an acknowledged object. The loss is made total: the database is replaced
/// by one holding nothing but the dirty checkpoint the first unsynced write made durable, as if nothing written
/// after it (or before it) had reached the disk.
/// </summary>
public sealed class ManifestRecoveryTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "manifest-recovery-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Open_AfterAPowerLossTookEveryUnsyncedManifest_RestoresThemFromTheShards()
    {
        var settings = NodeSettingsLoader.Load(NodeSettingsLoader.Build(["--home", _home], _ => null), _home);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var objects = Enumerable.Range(0, 6).Select(i => ($"1.2.840.7.{i}", Content(i == 0 ? 1000 : 150_000 + (i * 7919), i))).ToArray();
        ManifestCheckpoint? dirty;
        await using (var runtime = await OpenAsync(settings, services))
        {
            foreach (var (name, content) in objects)
            {
                using var stream = new MemoryStream(content);
                var outcome = await runtime.Writer.WriteAsync(new GridWriteRequest(name, "1.2.840.7", stream, "attrs"u8.ToArray()));
                Assert.Equal(GridWriteStatus.Stored, outcome.Status);
            }

            Assert.Equal(objects.Length, runtime.Replica.UnsyncedWrites);
            dirty = runtime.GridDatabase.ReadCheckpoint();
            Assert.False(dirty!.Value.Clean);
        }

        Directory.Delete(settings.GridDatabaseDirectory, recursive: true);
        using (var lost = GridDatabase.Open(settings.GridDatabaseDirectory))
        {
            lost.WriteCheckpoint(dirty.Value);
        }

        await using (var runtime = await OpenAsync(settings, services))
        {
            foreach (var (name, content) in objects)
            {
                using var read = new MemoryStream();
                var outcome = await runtime.Reader.ReadAsync("1.2.840.7", name, read);
                Assert.True(outcome.IsSuccess, $"{name}: {outcome.Detail}");
                Assert.Equal(content, read.ToArray());
            }
        }
    }

    [Theory]
    [InlineData("restored from a backup")]
    [InlineData("lost")]
    [InlineData("catalog database lost, shard index kept")]
    public async Task Open_WithTheFastDirectoryRestoredFromABackupOrLost_RestoresEveryManifestTheDisksHold(string fault)
    {
        // Sweep Q: a backup of the fast directory put back under current disks (its checkpoint clean) made the objects
        // stored since vanish and the newest version of one revert to the older one, while status said HEALTHY.
        var settings = NodeSettingsLoader.Load(NodeSettingsLoader.Build(["--home", _home, "--Write:PartShardBytes=65536", "--Write:BlockSize=16384"], _ => null), _home);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var first = new[] { ("1.2.840.70.1", Content(150_000, 1)), ("1.2.840.70.2", Content(600_000, 2)) };
        var later = new[] { ("1.2.840.70.1", Content(160_000, 3)), ("1.2.840.70.3", Content(140_000, 4)), ("1.2.840.70.4", Content(700_000, 5)) };
        await WriteAllAsync(settings, services, first);
        var backup = _home + ".fast-backup";
        CopyDirectory(settings.FastDirectory, backup);
        await WriteAllAsync(settings, services, later);

        Directory.Delete(fault == "lost" ? settings.FastDirectory : settings.GridDatabaseDirectory, recursive: true);
        if (fault == "restored from a backup")
        {
            Directory.Delete(settings.FastDirectory, recursive: true);
            Directory.Move(backup, settings.FastDirectory);
        }

        await using var runtime = await OpenAsync(settings, services);
        foreach (var (name, content) in later.Concat(first.Skip(1)))
        {
            using var read = new MemoryStream();
            var outcome = await runtime.Reader.ReadAsync("1.2.840.70", name, read);
            Assert.True(outcome.IsSuccess, $"{name}: {outcome.Detail}");
            Assert.Equal(content, read.ToArray()); // 1.2.840.70.1 reads as its second version
        }

        var versions = await runtime.Replica.GetVersionsAsync("1.2.840.70", Archive.Grid.Objects.ObjectIdentity.ObjectIdOf("1.2.840.70.1"));
        Assert.Equal(2, versions.Count);
        Assert.True(runtime.GridDatabase.ReadCheckpoint()!.Value.Clean);
        if (Directory.Exists(backup))
        {
            Directory.Delete(backup, recursive: true);
        }
    }

    private static async Task WriteAllAsync(NodeSettings settings, ServiceProvider services, IEnumerable<(string Name, byte[] Content)> objects)
    {
        await using var runtime = await OpenAsync(settings, services);
        foreach (var (name, content) in objects)
        {
            using var stream = new MemoryStream(content);
            var outcome = await runtime.Writer.WriteAsync(new GridWriteRequest(name, "1.2.840.70", stream, "attrs"u8.ToArray()));
            Assert.True(outcome.IsSuccess, outcome.Detail);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Recovery_OnAGridNodeHoldingOneShard_RestoresOnlyManifestsOfPartitionsItReplicates()
    {
        // A six-node grid writes the object; this node ("n002") holds one of its shards.
        using var grid = new FakeGrid(6);
        var content = Content(120_000, 3);
        using (var source = new MemoryStream(content))
        {
            Assert.Equal(GridWriteStatus.Stored, (await grid.Writer.WriteAsync(new GridWriteRequest("1.2.840.9.1", "1.2.840.9", source, "attrs"u8.ToArray()))).Status);
        }

        var manifest = grid.Replica(ManifestDirectory.ReplicasOf(grid.Map, "1.2.840.9")[0].Id).All().Single();
        var part = manifest.Parts[0];
        var index = (ushort)part.Shards.ToList().FindIndex(s => s.NodeId == "n002");
        var record = (await grid.Store("n002").GetManifestAsync(part.StorageKey))!;
        var buffer = new byte[1 << 20];
        var read = await grid.Store("n002").ReadAsync(new ShardKey(part.StorageKey, index), 0, buffer);
        Assert.Equal(ShardStatus.Ok, read.Status);

        var settings = NodeSettingsLoader.Load(NodeSettingsLoader.Build(["--home", _home, "--id", "n002"], _ => null), _home);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using var runtime = await OpenAsync(settings, services);
        Assert.True((await runtime.Store.PutAsync(new ShardWrite(record, index, buffer.AsMemory(0, read.BytesRead)))).IsStored);
        var dirty = new ManifestCheckpoint(DateTimeOffset.UtcNow, Clean: false);

        runtime.GridDatabase.WriteCheckpoint(dirty);
        Assert.Equal(0, (await ManifestRecovery.RunAsync(runtime.GridDatabase, runtime.Store, runtime.Replica, "n002", _ => false, TimeProvider.System, NullLogger.Instance, CancellationToken.None)).Restored);
        Assert.Empty(await runtime.Replica.GetVersionsAsync("1.2.840.9", manifest.ObjectId));

        runtime.GridDatabase.WriteCheckpoint(dirty);
        Assert.Equal(1, (await ManifestRecovery.RunAsync(runtime.GridDatabase, runtime.Store, runtime.Replica, "n002", _ => true, TimeProvider.System, NullLogger.Instance, CancellationToken.None)).Restored);
        Assert.Equal(manifest.Sha256, Assert.Single(await runtime.Replica.GetVersionsAsync("1.2.840.9", manifest.ObjectId)).Sha256);
    }

    [Fact]
    public async Task Checkpoints_DirtyFromTheFirstUnsyncedWriteUntilOneFindsNothingNew_CleanAfterAStop()
    {
        var settings = NodeSettingsLoader.Load(NodeSettingsLoader.Build(["--home", _home], _ => null), _home);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using (var runtime = await OpenAsync(settings, services))
        {
            Assert.True(runtime.GridDatabase.ReadCheckpoint()!.Value.Clean); // nothing written unsynced yet
            using var stream = new MemoryStream(Content(90_000, 1));
            Assert.True((await runtime.Writer.WriteAsync(new GridWriteRequest("1.2.840.8.1", "1.2.840.8", stream, "attrs"u8.ToArray()))).IsSuccess);
            Assert.False(runtime.GridDatabase.ReadCheckpoint()!.Value.Clean);

            runtime.Replica.Checkpoint(DateTimeOffset.UtcNow); // covers the write, still dirty
            Assert.False(runtime.GridDatabase.ReadCheckpoint()!.Value.Clean);
            runtime.Replica.Checkpoint(DateTimeOffset.UtcNow); // nothing new since
            Assert.True(runtime.GridDatabase.ReadCheckpoint()!.Value.Clean);

            using var again = new MemoryStream(Content(90_000, 2));
            Assert.True((await runtime.Writer.WriteAsync(new GridWriteRequest("1.2.840.8.2", "1.2.840.8", again, "attrs"u8.ToArray()))).IsSuccess);
            Assert.False(runtime.GridDatabase.ReadCheckpoint()!.Value.Clean);
        }

        using var database = GridDatabase.Open(settings.GridDatabaseDirectory);
        Assert.True(database.ReadCheckpoint()!.Value.Clean);
    }

    private static async Task<NodeRuntime> OpenAsync(NodeSettings settings, ServiceProvider services)
    {
        var runtime = new NodeRuntime(settings, NullLoggerFactory.Instance, services.GetRequiredService<IMeterFactory>(), TimeProvider.System);
        await runtime.OpenAsync(CancellationToken.None);
        return runtime;
    }

    private static byte[] Content(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public void Dispose()
    {
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }
}
