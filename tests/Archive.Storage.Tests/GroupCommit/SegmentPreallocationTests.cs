using System.Diagnostics;
using Archive.Storage.GroupCommit;
using Archive.Storage.Tests.Support;

namespace Archive.Storage.Tests.GroupCommit;

/// <summary>The open segment's blocks are reserved ahead without changing its size; sealing gives the rest back.</summary>
public sealed class SegmentPreallocationTests
{
    private const long SegmentMax = 8L << 20;

    [Fact]
    public async Task OpenSegment_IsReservedAhead_SealedOne_KeepsOnlyItsBytes()
    {
        await using var h = new StoreHarness(disks: 1, groupCommit: new GroupCommitOptions { SegmentMaxBytes = SegmentMax });
        var store = await h.OpenAsync();
        var disk = store.Disks[0];
        await store.PutAsync(Shards.Write(0, length: 100_000));
        string first = disk.SegmentPath(disk.ListSegments()[^1]);
        Assert.True(new FileInfo(first).Length < 200_000); // the size is what was written
        Assert.True(AllocatedBytes(first) >= SegmentMax - (1 << 20));

        for (int i = 1; i < 100; i++)
        {
            await store.PutAsync(Shards.Write(i, length: 100_000));
        }

        Assert.True(disk.ListSegments().Count > 1);
        Assert.True(AllocatedBytes(first) <= new FileInfo(first).Length + (1 << 20));
        store = await h.OpenAsync();
        await StoreAssert.ReadsBackAsync(store, Shards.Write(0).Key, Shards.Write(0, length: 100_000).Data.ToArray());
    }

    private static long AllocatedBytes(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%b %B", path]) { RedirectStandardOutput = true })!;
        var fields = stat.StandardOutput.ReadToEnd().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        stat.WaitForExit();
        return long.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture) * long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
