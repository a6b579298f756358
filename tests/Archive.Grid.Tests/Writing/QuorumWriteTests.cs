using Archive.Grid.Repair;
using Archive.Grid.Writing;
using Archive.Testing;
using Archive.Testing.Fakes;
using static Archive.Grid.Tests.Writing.GridRoundTripTests;

namespace Archive.Grid.Tests.Writing;

/// <summary>A write is acknowledged at its quorum (k + 1 shards, a majority of replicas), not held back by the slowest target.</summary>
public sealed class QuorumWriteTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Write_OneTargetStalls_AcknowledgedAtQuorumThenTheLatePutLandsIntact()
    {
        using var grid = new FakeGrid(6);
        var stalled = grid.Store("n000");
        stalled.PutGate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var content = Content(600_000, compressible: true, seed: 5);

        var outcome = await Write(grid, "1.50", content).WaitAsync(Patience);
        Assert.Equal(GridWriteStatus.Stored, outcome.Status);
        Assert.Equal(0, stalled.Count);

        // The late put still has the part's buffers: released now, it stores the right bytes.
        stalled.PutGate.SetResult(true);
        Assert.True(await Waiting.UntilAsync(() => stalled.Count == 1, Patience));
        var others = grid.Map.Nodes.Select(n => n.Id).Where(id => id != "n000").Take(2).ToArray();
        grid.Kill(others);
        Assert.Equal(content, await ReadBack(grid, "1.50"));
        Assert.Empty(grid.Repairs.Items);
    }

    [Fact]
    public async Task Write_TargetFailsAfterTheQuorum_ItsShardIsQueuedForRepair()
    {
        using var grid = new FakeGrid(6);
        var stalled = grid.Store("n000");
        stalled.PutGate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        var outcome = await Write(grid, "1.51", Content(300_000, compressible: false, seed: 6)).WaitAsync(Patience);
        Assert.Equal(GridWriteStatus.Stored, outcome.Status);
        Assert.Empty(grid.Repairs.Items);

        stalled.PutGate.SetResult(false);
        Assert.True(await Waiting.UntilAsync(() => grid.Repairs.Items.Count > 0, Patience));
        var item = Assert.Single(grid.Repairs.Items);
        Assert.Equal(RepairReason.MissedOnWrite, item.Reason);
        var shard = outcome.Manifest!.Parts[0].Shards.ToList().FindIndex(s => s.NodeId == "n000");
        Assert.Equal([shard], item.ShardIndices);
    }

    [Fact]
    public async Task Write_TooFewTargetsAnswer_FailsAndDeletesOnlyAfterTheStalledPutsEnd()
    {
        using var grid = new FakeGrid(6);
        grid.Kill("n001", "n002");
        var stalled = grid.Store("n000");
        stalled.PutGate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        var write = Write(grid, "1.52", Content(300_000, compressible: false, seed: 7));
        await Task.Delay(200);
        Assert.False(write.IsCompleted); // 3 of 5 required are durable; n000 might still make 4, never 5
        stalled.PutGate.SetResult(true);
        var outcome = await write.WaitAsync(Patience);

        Assert.Equal(GridWriteStatus.QuorumNotReached, outcome.Status);
        Assert.All(grid.Map.Nodes.Select(n => n.Id).Where(id => id is not ("n001" or "n002")), id => Assert.Equal(0, grid.Store(id).Count));
    }

}
