using Archive.Grid.Rebalancing;
using Archive.Node.Hosting;

namespace Archive.Node.Tests.Hosting;

/// <summary>A new node starts settled on the map in force; a settled epoch survives a restart (a finished pass is not redone); an unsettled pass never advances it.</summary>
public sealed class RebalanceProgressTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "rebalance-" + Guid.NewGuid().ToString("N"), "rebalanced-epoch");

    [Fact]
    public void SettledEpoch_PersistedOnlyBySettledPasses_AndReadBackAfterRestart()
    {
        var progress = new RebalanceProgress(_path, currentEpoch: 3);
        Assert.Equal(3, progress.SettledEpoch); // a new node has nothing placed by an older map

        progress.Started();
        progress.Finished(new RebalancePass(4, 10, 3, 300, 0, 2, 0), DateTimeOffset.UnixEpoch);
        progress.Started();
        progress.Finished(new RebalancePass(5, 10, 1, 100, 2, 0, 0), DateTimeOffset.UnixEpoch); // moves left undone
        progress.Finished(new RebalancePass(6, 10, 0, 0, 0, 0, 1), DateTimeOffset.UnixEpoch);   // a replica not compared

        var snapshot = progress.Snapshot;
        Assert.Equal((4L, false, 4L), (snapshot.SettledEpoch, snapshot.Running, snapshot.MovedSinceStart));
        Assert.Equal(4, new RebalanceProgress(_path, currentEpoch: 7).SettledEpoch); // the file wins: epochs 5-7 still to do

    }

    [Fact]
    public void RequestPass_TakenOnce_AndTheNextRequestCompletesANewTask()
    {
        var progress = new RebalanceProgress(_path, currentEpoch: 3);
        var first = progress.Requested;
        Assert.False(progress.TakeRequest());
        Assert.False(first.IsCompleted);

        progress.RequestPass();
        progress.RequestPass(); // two asks before the service looks: one pass
        Assert.True(first.IsCompleted);
        Assert.True(progress.TakeRequest());
        Assert.False(progress.TakeRequest());
        Assert.False(progress.Requested.IsCompleted);

        progress.RequestPass();
        Assert.True(progress.Requested.IsCompleted);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
}
