using Archive.Storage.GroupCommit;
using Archive.Storage.Tests.Support;
using Archive.Testing.Diagnostics;

namespace Archive.Storage.Tests.GroupCommit;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task ConcurrentPuts_ShareFsyncs()
    {
        await using var h = new StoreHarness(disks: 1, new GroupCommitOptions { MaxBatchDelay = TimeSpan.FromMilliseconds(2) });
        using var counters = new MeasurementRecorder(h.Meters);
        var store = await h.OpenAsync();
        var puts = Enumerable.Range(0, 64).Select(i => store.PutAsync(Shards.Write(i, length: 4096)).AsTask()).ToArray();
        var outcomes = await Task.WhenAll(puts);
        Assert.All(outcomes, o => Assert.True(o.IsStored));
        Assert.Equal(64, counters.Total("archive.storage.puts"));
        Assert.True(counters.Total("archive.storage.fsyncs") < 32, $"{counters.Total("archive.storage.fsyncs")} fsyncs for 64 puts");
    }

    [Fact]
    public async Task DisableGrouping_OneFsyncPerPut()
    {
        await using var h = new StoreHarness(disks: 1, new GroupCommitOptions { DisableGrouping = true });
        using var counters = new MeasurementRecorder(h.Meters);
        var store = await h.OpenAsync();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => store.PutAsync(Shards.Write(i, length: 1024)).AsTask()));
        Assert.Equal(16, counters.Total("archive.storage.fsyncs"));
    }
}
