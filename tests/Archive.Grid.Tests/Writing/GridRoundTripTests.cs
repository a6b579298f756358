using System.Security.Cryptography;
using Archive.Grid.Objects;
using Archive.Grid.Peers;
using Archive.Grid.Reading;
using Archive.Testing.Fakes;
using Archive.Grid.Writing;

namespace Archive.Grid.Tests.Writing;

/// <summary>Writer and reader over six in-memory nodes (ec-4-2): round trips and every fault the promise covers.</summary>
public sealed class GridRoundTripTests
{
    // Small parts so that a few hundred KiB already spans several parts.
    private static readonly GridWriteOptions SmallParts = new() { PartShardBytes = 64 * 1024, BlockSize = 16 * 1024 };

    public static TheoryData<int, bool> Sizes() => new()
    {
        { 0, false }, { 1, false }, { 4095, false }, { 70_001, true }, { 70_001, false }, { 600_000, true }, { 600_000, false },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Write_ThenRead_GivesExactBytes(int size, bool compressible)
    {
        using var grid = new FakeGrid(6, writeOptions: SmallParts);
        var content = Content(size, compressible, seed: size);
        var outcome = await Write(grid, "1.2.3." + size, content);
        Assert.Equal(GridWriteStatus.Stored, outcome.Status);
        Assert.Equal(0, outcome.MissedShards);
        Assert.Equal(content, await ReadBack(grid, "1.2.3." + size));
    }

    [Fact]
    public async Task Write_CompressibleObject_StoresFewerBytes()
    {
        using var grid = new FakeGrid(6);
        var outcome = await Write(grid, "1.2.3.4", Content(1_000_000, true, 1));
        Assert.True(outcome.Manifest!.Parts.Single().Compressed);
        Assert.True(outcome.Manifest.Parts.Single().StoredLength < 900_000);
    }

    [Fact]
    public async Task Read_AnyTwoNodesDead_StillExact()
    {
        using var grid = new FakeGrid(6, writeOptions: SmallParts);
        var objects = Enumerable.Range(0, 12).Select(i => ("1.9." + i, Content(i * 37_000 + 1, i % 2 == 0, i))).ToArray();
        foreach (var (name, content) in objects)
        {
            Assert.True((await Write(grid, name, content)).IsSuccess);
        }

        var nodes = grid.Map.Nodes.Select(n => n.Id).ToArray();
        foreach (var a in nodes)
        {
            foreach (var b in nodes.Where(b => string.CompareOrdinal(b, a) > 0))
            {
                grid.Kill(a, b);
                foreach (var (name, content) in objects)
                {
                    Assert.Equal(content, await ReadBack(grid, name));
                }

                grid.Revive(a, b);
            }
        }
    }

    [Fact]
    public async Task Read_TwoNodesDeadAndOneConnectionDropped_RetriesItAndIsExact()
    {
        // With m = 2 nodes down ec-4-2 has no spare shard: a live node's dropped connection must be
        // tried again rather than fail the read (grid-faults once failed this way under load).
        using var grid = new FakeGrid(6);
        var content = Content(300_000, false, 15);
        var shards = (await Write(grid, "1.15", content)).Manifest!.Parts[0].Shards;
        grid.Kill(shards[0].NodeId, shards[5].NodeId);
        grid.Store(shards[1].NodeId).FailingReads = 1;
        Assert.Equal(content, await ReadBack(grid, "1.15"));
        Assert.Equal(0, grid.Store(shards[1].NodeId).FailingReads);
    }

    [Fact]
    public async Task Read_TwoNodesDeadAndALiveNodeFailingTwice_UnrecoverableAfterOneRetry()
    {
        using var grid = new FakeGrid(6);
        var content = Content(300_000, false, 16);
        var shards = (await Write(grid, "1.16", content)).Manifest!.Parts[0].Shards;
        grid.Kill(shards[0].NodeId, shards[5].NodeId);
        grid.Store(shards[1].NodeId).FailingReads = 3;
        using var destination = new MemoryStream();
        var outcome = await grid.Reader.ReadAsync("study-1", "1.16", destination);
        Assert.Equal(GridReadStatus.Unrecoverable, outcome.Status);
        Assert.Equal(1, grid.Store(shards[1].NodeId).FailingReads); // read twice, not more
        // The operator is told which nodes failed, how often and why: a live node failing is not a dead one.
        Assert.Contains($"{shards[1].NodeId} ×2 (", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains(shards[0].NodeId, outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_ThreeNodesDead_FailsClearlyNeverWrongBytes()
    {
        using var grid = new FakeGrid(6);
        var content = Content(300_000, false, 7);
        await Write(grid, "1.7", content);
        grid.Kill("n000", "n001", "n002");
        using var destination = new MemoryStream();
        var outcome = await grid.Reader.ReadAsync("study-1", "1.7", destination);
        // With 3 of 6 nodes gone, either a catalog replica survives and the data cannot be rebuilt,
        // or no replica survives; both are clear failures, and never "Ok" with other bytes.
        Assert.Contains(outcome.Status, new[] { GridReadStatus.Unrecoverable, GridReadStatus.NotFound });
    }

    [Fact]
    public async Task Read_CorruptShards_RebuildsAndQueuesRepair()
    {
        using var grid = new FakeGrid(6);
        var content = Content(200_000, false, 3);
        var manifest = (await Write(grid, "1.3", content)).Manifest!;
        var part = manifest.Parts[0];
        grid.Store(part.Shards[0].NodeId).Corrupted.Add(new(part.StorageKey, 0));
        grid.Store(part.Shards[2].NodeId).Corrupted.Add(new(part.StorageKey, 2));

        Assert.Equal(content, await ReadBack(grid, "1.3"));
        var repair = Assert.Single(grid.Repairs.Items);
        Assert.Equal(Archive.Grid.Repair.RepairReason.BadOnRead, repair.Reason);
        Assert.Equal(new[] { 0, 2 }, repair.ShardIndices.Order());
    }

    [Fact]
    public async Task Read_SlowDataShard_HedgesToParity()
    {
        using var grid = new FakeGrid(6, readOptions: new GridReadOptions { HedgeAfter = TimeSpan.FromMilliseconds(20), ShardReadTimeout = TimeSpan.FromSeconds(30) });
        var content = Content(100_000, false, 4);
        var manifest = (await Write(grid, "1.4", content)).Manifest!;
        grid.Store(manifest.Parts[0].Shards[1].NodeId).ReadDelay = TimeSpan.FromSeconds(20);

        var started = DateTime.UtcNow;
        Assert.Equal(content, await ReadBack(grid, "1.4"));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "the read waited for the slow shard instead of hedging");
    }

    [Fact]
    public async Task Write_OneNodeDead_StoresAndQueuesTheMissedShard()
    {
        using var grid = new FakeGrid(6);
        grid.Kill("n003");
        var outcome = await Write(grid, "1.5", Content(50_000, false, 5));
        Assert.Equal(GridWriteStatus.Stored, outcome.Status);
        Assert.True(outcome.MissedShards is 0 or 1);
        Assert.Equal(outcome.MissedShards, grid.Repairs.Items.Where(i => i.Reason == Archive.Grid.Repair.RepairReason.MissedOnWrite).Sum(i => i.ShardIndices.Count));
    }

    [Fact]
    public async Task Write_ThreeNodesDead_FailsAndLeavesNothingVisible()
    {
        using var grid = new FakeGrid(6);
        grid.Kill("n000", "n001", "n002");
        var outcome = await Write(grid, "1.6", Content(50_000, false, 6));
        Assert.Equal(GridWriteStatus.QuorumNotReached, outcome.Status);
        Assert.Contains("node n000: node unreachable", outcome.Detail, StringComparison.Ordinal); // which node failed, and how (sweep S)
        Assert.Matches("^n00[0-2] unreachable(, n00[0-2] (unreachable|down))*$", outcome.Brief); // the PACS's error comment

        grid.Revive("n000", "n001", "n002");
        Assert.Null(await grid.Reader.FindAsync("study-1", "1.6"));
        Assert.All(grid.Map.Nodes, n => Assert.Equal(0, grid.Store(n.Id).Count));
    }

    [Fact]
    public async Task Write_AllDisksFull_ReportsOutOfSpace()
    {
        using var grid = new FakeGrid(6);
        foreach (var node in grid.Map.Nodes)
        {
            grid.Store(node.Id).Full = true;
        }

        var outcome = await Write(grid, "1.8", Content(10_000, false, 8));
        Assert.Equal(GridWriteStatus.OutOfSpace, outcome.Status);
    }

    [Fact]
    public async Task Write_SameBytesTwice_StoresOnce()
    {
        using var grid = new FakeGrid(6);
        var content = Content(40_000, false, 9);
        await Write(grid, "1.10", content);
        var shardsBefore = grid.Map.Nodes.Sum(n => grid.Store(n.Id).Count);
        var again = await Write(grid, "1.10", content);
        Assert.Equal(GridWriteStatus.Duplicate, again.Status);
        Assert.Equal(shardsBefore, grid.Map.Nodes.Sum(n => grid.Store(n.Id).Count));
    }

    [Fact]
    public async Task Write_DifferentBytesSameName_KeepsBothVersions()
    {
        using var grid = new FakeGrid(6);
        var first = Content(40_000, false, 10);
        var second = Content(41_000, false, 11);
        var v1 = (await Write(grid, "1.11", first)).Manifest!;
        var outcome = await Write(grid, "1.11", second);
        Assert.Equal(GridWriteStatus.StoredNewVersion, outcome.Status);

        Assert.Equal(second, await ReadBack(grid, "1.11"));
        using var old = new MemoryStream();
        Assert.True((await grid.Reader.ReadAsync("study-1", "1.11", old, v1.Sha256)).IsSuccess);
        Assert.Equal(first, old.ToArray());
    }

    [Theory]
    [InlineData(0)]         // both in the same millisecond
    [InlineData(-3_600_000)] // the second writer's clock an hour behind the first's
    public async Task Write_NewVersionNotLaterByTheClock_StillTheNewest(long secondClockOffsetMs)
    {
        var clock = new SettableClock(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000));
        using var grid = new FakeGrid(6, writerClock: clock);
        var first = Content(40_000, false, 12);
        var second = Content(41_000, false, 13);
        var v1 = (await Write(grid, "1.12", first)).Manifest!;
        clock.Now = clock.Now.AddMilliseconds(secondClockOffsetMs);

        var outcome = await Write(grid, "1.12", second);

        Assert.Equal(GridWriteStatus.StoredNewVersion, outcome.Status);
        Assert.Equal(v1.CreatedAt.AddMilliseconds(1), outcome.Manifest!.CreatedAt);
        Assert.Equal(second, await ReadBack(grid, "1.12"));
        using var old = new MemoryStream();
        Assert.True((await grid.Reader.ReadAsync("study-1", "1.12", old, v1.Sha256)).IsSuccess);
        Assert.Equal(first, old.ToArray());
    }

    [Fact]
    public async Task Write_DifferentBytesUnderRejectPolicy_IsRefused()
    {
        using var grid = new FakeGrid(6, writeOptions: new GridWriteOptions { DifferentContent = VersionPolicy.RejectDifferent });
        await Write(grid, "1.12", Content(1000, false, 12));
        var outcome = await Write(grid, "1.12", Content(1001, false, 13));
        Assert.Equal(GridWriteStatus.RefusedDifferentContent, outcome.Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_SameNameThreeTimesAtOnce_OneStoredTheOthersSeeIt(bool identical)
    {
        // Puts are held until all three writes started: without one write per name at a time, all three checked for
        // versions before any committed, and all three answered "stored" (three versions, no "new version" warning).
        using var grid = new FakeGrid(6);
        var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        foreach (var node in grid.Map.Nodes)
        {
            grid.Store(node.Id).PutGate = gate;
        }

        var writes = Enumerable.Range(0, 3).Select(i => Task.Run(() => Write(grid, "1.17", Content(70_000, false, identical ? 17 : 17 + i)))).ToArray();
        await Task.Delay(300);
        gate.SetResult(true);
        var statuses = (await Task.WhenAll(writes)).Select(w => w.Status).Order().ToArray();

        var later = identical ? GridWriteStatus.Duplicate : GridWriteStatus.StoredNewVersion;
        Assert.Equal(new[] { GridWriteStatus.Stored, later, later }.Order(), statuses);
        Assert.Equal(identical ? 1 : 3, await CountVersionsAsync(grid, "1.17"));
    }

    private static async Task<int> CountVersionsAsync(FakeGrid grid, string name) =>
        (await new ManifestDirectory(grid, grid.Membership).GetVersionsAsync(grid.Map, "study-1", ObjectIdentity.ObjectIdOf(name), CancellationToken.None)).Count;

    [Fact]
    public async Task Write_SmallObject_UsesReplicationClass()
    {
        using var grid = new FakeGrid(6, smallObjectThreshold: 64 * 1024);
        var content = Content(2_000, false, 14);
        var manifest = (await Write(grid, "1.13", content)).Manifest!;
        Assert.Equal("rep-3", manifest.StorageClass);
        Assert.Equal(3, manifest.Parts[0].Shards.Count);
        grid.Kill(manifest.Parts[0].Shards[0].NodeId, manifest.Parts[0].Shards[1].NodeId);
        Assert.Equal(content, await ReadBack(grid, "1.13"));
    }

    [Theory]
    [InlineData(300_000)]
    [InlineData(2_000_000)]
    public async Task Write_ContentChangedAfterItsDigestWasTaken_KeepsNothing_WhenAskedToRecheck(int size)
    {
        // Sweep Q: bytes altered in a spool file while the object arrived were encoded as they were and acknowledged;
        // every read then failed its SHA-256 check, an acknowledged object lost for good.
        using var grid = new FakeGrid(6, writeOptions: new GridWriteOptions { PartShardBytes = 64 * 1024, BlockSize = 16 * 1024 });
        var received = Content(size, false, 21);
        var spooled = (byte[])received.Clone();
        spooled[size - 5] ^= 0x40;
        using var hasher = new Archive.Codec.Fixity.ObjectHasher();
        hasher.Append(received);
        var digest = hasher.Finish();

        using var stream = new MemoryStream(spooled);
        var outcome = await grid.Writer.WriteAsync(new GridWriteRequest("1.21", "study-1", stream, "attrs"u8.ToArray(), ContentSha256: digest, RecheckContent: true));

        Assert.Equal(GridWriteStatus.ContentChanged, outcome.Status);
        using var destination = new MemoryStream();
        Assert.Equal(GridReadStatus.NotFound, (await grid.Reader.ReadAsync("study-1", "1.21", destination)).Status);
        Assert.All(grid.Map.Nodes, n => Assert.Empty(grid.Store(n.Id).Keys)); // its shards deleted

        using var intact = new MemoryStream(received);
        Assert.Equal(GridWriteStatus.Stored, (await grid.Writer.WriteAsync(new GridWriteRequest("1.21", "study-1", intact, "attrs"u8.ToArray(), ContentSha256: digest, RecheckContent: true))).Status);
        Assert.Equal(received, await ReadBack(grid, "1.21"));
    }

    internal static async Task<GridWriteOutcome> Write(FakeGrid grid, string name, byte[] content)
    {
        using var stream = new MemoryStream(content);
        return await grid.Writer.WriteAsync(new GridWriteRequest(name, "study-1", stream, "attrs"u8.ToArray()));
    }

    internal static async Task<byte[]> ReadBack(FakeGrid grid, string name)
    {
        using var destination = new MemoryStream();
        var outcome = await grid.Reader.ReadAsync("study-1", name, destination);
        Assert.True(outcome.IsSuccess, outcome.Detail);
        return destination.ToArray();
    }

    /// <summary>Deterministic content: smooth 16-bit "anatomy" (compresses) or random bytes (does not).</summary>
    internal static byte[] Content(int size, bool compressible, int seed)
    {
        var bytes = new byte[size];
        if (!compressible)
        {
            new Random(seed).NextBytes(bytes);
            return bytes;
        }

        for (var i = 0; i + 1 < size; i += 2)
        {
            var value = (ushort)(1024 + (int)(400 * Math.Sin(i / 900.0)) + ((i * 7 + seed) % 5));
            bytes[i] = (byte)value;
            bytes[i + 1] = (byte)(value >> 8);
        }

        return bytes;
    }

    /// <summary>A wall clock the test sets; elapsed-time measurements still run on the real one.</summary>
    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
