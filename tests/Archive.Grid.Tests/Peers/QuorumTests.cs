using Archive.Grid.Peers;

namespace Archive.Grid.Tests.Peers;

public sealed class QuorumTests
{
    [Fact]
    public async Task WhenEnough_ReturnsAtTheQuorumWithTheSlowestStillRunning()
    {
        var slow = new TaskCompletionSource<bool>();
        Task<bool>[] puts = [Task.FromResult(true), Task.FromResult(true), slow.Task];

        await Quorum.WhenEnoughAsync(puts, ok => ok, required: 2).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(Quorum.FailedNow(puts, ok => ok));
        var late = Quorum.FailedLate(puts, ok => ok);
        slow.SetResult(false);
        Assert.Equal(new[] { 2 }, await late);
    }

    [Fact]
    public async Task WhenEnough_ReturnsOnceTheQuorumCanNoLongerBeReached()
    {
        var slow = new TaskCompletionSource<bool>();
        Task<bool>[] puts = [Task.FromResult(true), Task.FromResult(false), Task.FromException<bool>(new IOException("down")), slow.Task];

        await Quorum.WhenEnoughAsync(puts, ok => ok, required: 3).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([1, 2], Quorum.FailedNow(puts, ok => ok));
        slow.SetResult(true);
    }

    [Fact]
    public async Task WhenEnough_APutFinishingWhileItCounts_CountsAgainInsteadOfWaitingOnNothing()
    {
        // Seen in a real ingest: the last open put completed between the count and the wait.
        var pending = new TaskCompletionSource<bool>();
        Task<bool>[] puts = [pending.Task, Task.FromResult(true)];
        bool Succeeded(bool ok)
        {
            pending.TrySetResult(true); // completes the put already counted open
            return ok;
        }

        await Quorum.WhenEnoughAsync(puts, Succeeded, required: 2).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(Quorum.FailedNow(puts, ok => ok));
    }
}
