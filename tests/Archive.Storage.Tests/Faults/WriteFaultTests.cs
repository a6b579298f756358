using System.Diagnostics;
using Archive.Storage.Disks;
using Archive.Storage.Store;
using Archive.Storage.Tests.Support;

namespace Archive.Storage.Tests.Faults;

/// <summary>I/O errors on the write path, made real with an immutable segment file (chattr +i: writes fail with EPERM). Needs root.</summary>
public sealed class WriteFaultTests
{
    private static void Chattr(string flag, string path)
    {
        using var p = Process.Start(new ProcessStartInfo("chattr", $"{flag} {path}") { RedirectStandardError = true })!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd());
    }

    [Fact]
    public async Task WriteError_MarksDiskFailed_PutsFailOverToHealthyDisks()
    {
        await using var h = new StoreHarness(disks: 2);
        var store = await h.OpenAsync();
        var bad = store.Disks[1];
        var before = Shards.Write(1, disk: store.Disks[0].Id);
        await store.PutAsync(before);
        string active = bad.SegmentPath(bad.ListSegments()[^1]);
        Chattr("+i", active);
        try
        {
            Assert.Equal(ShardStatus.NoWritableDisk, (await store.PutAsync(Shards.Write(2, disk: bad.Id))).Status);
            Assert.Equal(DiskState.Failed, bad.State);
            Assert.Contains(active, bad.FailureReason!, StringComparison.Ordinal);
            for (int i = 10; i < 30; i++)
            {
                var put = await store.PutAsync(Shards.Write(i));
                Assert.Equal((ShardStatus.Ok, store.Disks[0].Id), (put.Status, put.Disk));
            }

            await StoreAssert.ReadsBackAsync(store, before.Key, before.Data.ToArray());
            Assert.Equal(1, store.GetHealth().HealthyDisks);
            await h.CloseAsync();
        }
        finally
        {
            Chattr("-i", active);
        }

        // After the operator fixes the disk and restarts, it serves again and nothing partial is visible.
        store = await h.OpenAsync();
        Assert.Equal(2, store.GetHealth().HealthyDisks);
        Assert.Equal(ShardStatus.NotFound, (await store.ReadAsync(Shards.Write(2).Key, 0, new byte[1])).Status);
    }
}
