using System.Diagnostics;
using Archive.Storage.Store;
using Archive.Storage.Tests.Support;

namespace Archive.Storage.Tests.Faults;

/// <summary>Needs root (mounts a 4 MiB tmpfs), as in CI.</summary>
public sealed class DiskFullTests
{
    private static void Run(string file, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {args}: {p.StandardError.ReadToEnd()}");
    }

    [Fact]
    public async Task FullDisk_PutFailsCleanly_NothingPartialVisible_AckedDataIntact()
    {
        using var temp = new TempDirectory();
        string mount = temp.Sub("tmpfs");
        Directory.CreateDirectory(mount);
        Run("mount", $"-t tmpfs -o size=4m tmpfs {mount}");
        try
        {
            await using var h = new StoreHarness(disks: 0, diskRoots: [Path.Combine(mount, "d0")]);
            var store = await h.OpenAsync();
            var acked = new List<ShardWrite>();
            ShardStatus last = ShardStatus.Ok;
            for (int i = 0; i < 20 && last == ShardStatus.Ok; i++)
            {
                var w = Shards.Write(i, length: 512 * 1024, blockSize: 64 * 1024);
                last = (await store.PutAsync(w)).Status;
                if (last == ShardStatus.Ok)
                {
                    acked.Add(w);
                }
            }

            Assert.Equal(ShardStatus.DiskFull, last);
            Assert.InRange(acked.Count, 3, 8);
            var disk = store.Disks[0];
            Assert.True(disk.IsHealthy);
            var checkpoint = h.Index!.EnumerateCheckpoints().Where(c => c.Disk == disk.Id).MaxBy(c => c.SegmentId);
            Assert.Equal(checkpoint.IndexedLength, new FileInfo(disk.SegmentPath(checkpoint.SegmentId)).Length);
            Assert.Equal(acked.Count, h.Index.EnumerateShards().Count());

            // Small records still fit; after a restart every acknowledged shard reads back.
            store = await h.OpenAsync();
            Assert.Equal(0, store.Recovery[disk.Id].TruncatedTails);
            foreach (var w in acked)
            {
                await StoreAssert.ReadsBackAsync(store, w.Key, w.Data.ToArray());
            }

            await h.CloseAsync();
        }
        finally
        {
            Run("umount", mount);
        }
    }
}
