using System.Diagnostics.Metrics;
using Archive.Cli.Commands.Node;
using Archive.Codec.Fixity;
using Archive.Codec.Framing;
using Archive.Index;
using Archive.Storage.Diagnostics;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Cli.Tests.Node;

public sealed class NodeCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "archive-cli-node-tests", Guid.NewGuid().ToString("N"));
    private readonly NodeId _node = NodeId.New();

    private string[] Disks => [Path.Combine(_root, "d0"), Path.Combine(_root, "d1")];

    private string IndexDir => Path.Combine(_root, "fast", "index");

    private int Format() => FormatDiskCommand.Run(Disks, _node.Value.ToString("N"), TimeProvider.System, TextWriter.Null, TextWriter.Null);

    private async Task WriteShardsAsync(int count)
    {
        using var meters = new Meters();
        using var index = RocksShardIndex.Open(IndexDir);
        var store = await LocalShardStore.OpenAsync(new StorageOptions { Node = _node, DataDisks = Disks }, index, TimeProvider.System, new StorageMetrics(meters), NullLogger<LocalShardStore>.Instance);
        for (int i = 0; i < count; i++)
        {
            var id = new ObjectId(7, (ulong)i);
            var manifest = new ObjectManifest(new ObjectKey(id, 1), 100, Sha256Digest.Compute([1]), "rep-3", 1, 2, 4096, ChecksumAlgorithm.XxHash3_64, DateTimeOffset.UnixEpoch, []);
            Assert.True((await store.PutAsync(new ShardWrite(manifest, 0, new byte[10_000 + i]))).IsStored);
        }

        await store.DisposeAsync();
    }

    [Fact]
    public void FormatDisk_ThenDisks_ShowsBothAccepted()
    {
        Assert.Equal(ExitCodes.Ok, Format());
        var output = new StringWriter();
        Assert.Equal(ExitCodes.Ok, DisksCommand.Run(Disks, _node.Value.ToString("N"), json: true, output, TextWriter.Null));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(output.ToString(), "\"status\":\"None\""));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(output.ToString(), "\"sharedFilesystem\":\"[0-9]+:[0-9]+\"")); // both under one temporary directory

        var table = new StringWriter();
        Assert.Equal(ExitCodes.Ok, DisksCommand.Run(Disks, _node.Value.ToString("N"), json: false, table, TextWriter.Null));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(table.ToString(), "│ ok +│")); // the table said "None" (JSON keeps the enum's name)
    }

    [Fact]
    public void FormatDiskAndDisks_TakeTheGridNodeId_AsEveryOtherCommand()
    {
        // Sweep O: only the 32-hex hash was accepted, and nothing said how to get it from "node-5".
        Assert.Equal(ExitCodes.Ok, FormatDiskCommand.Run(Disks, "node-5", TimeProvider.System, TextWriter.Null, TextWriter.Null));
        Assert.Equal(ExitCodes.Ok, DisksCommand.Run(Disks, "node-5", json: true, new StringWriter(), TextWriter.Null));
        var output = new StringWriter();
        Assert.Equal(ExitCodes.Failed, DisksCommand.Run(Disks, "node-6", json: true, output, TextWriter.Null));
        Assert.Contains("ForeignNode", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Disks_OfAnotherNode_AreReportedForeign()
    {
        Format();
        var output = new StringWriter();
        Assert.Equal(ExitCodes.Failed, DisksCommand.Run(Disks, Guid.NewGuid().ToString("N"), json: true, output, TextWriter.Null));
        Assert.Contains("ForeignNode", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RebuildIndex_AfterIndexLoss_RecreatesTheInventory()
    {
        Format();
        await WriteShardsAsync(12);
        Directory.Delete(IndexDir, recursive: true);
        var output = new StringWriter();
        Assert.Equal(ExitCodes.Ok, RebuildIndexCommand.Run(IndexDir, Disks, null, force: false, output, TextWriter.Null, CancellationToken.None));
        Assert.Contains("rebuilt index: 12 records", output.ToString(), StringComparison.Ordinal);
        using var index = RocksShardIndex.Open(IndexDir);
        Assert.Equal(12, index.EnumerateShards().Count());
    }

    [Fact]
    public async Task RebuildIndexAndVerify_OnTheDisksOfARunningNode_RefusedAndItsIndexLeftAlone()
    {
        Format();
        await WriteShardsAsync(3);
        using var meters = new Meters();
        using var index = RocksShardIndex.Open(IndexDir);
        var running = await LocalShardStore.OpenAsync(new StorageOptions { Node = _node, DataDisks = Disks }, index, TimeProvider.System, new StorageMetrics(meters), NullLogger<LocalShardStore>.Instance);
        try
        {
            // --force deleted the running node's index before looking at the disks.
            var error = new StringWriter();
            Assert.Equal(ExitCodes.Failed, RebuildIndexCommand.Run(IndexDir, Disks, null, force: true, TextWriter.Null, error, CancellationToken.None));
            Assert.Contains("InUse", error.ToString(), StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Failed, VerifyCommand.Run(Disks, null, TextWriter.Null, TextWriter.Null));
            Assert.Equal(3, index.EnumerateShards().Count());
        }
        finally
        {
            await running.DisposeAsync();
        }

        Assert.Equal(ExitCodes.Ok, VerifyCommand.Run(Disks, null, TextWriter.Null, TextWriter.Null));
    }

    [Fact]
    public async Task RebuildIndex_ExistingIndexWithoutForce_IsRefused()
    {
        Format();
        await WriteShardsAsync(1);
        Assert.Equal(ExitCodes.Usage, RebuildIndexCommand.Run(IndexDir, Disks, null, force: false, TextWriter.Null, TextWriter.Null, CancellationToken.None));
        Assert.Equal(ExitCodes.Ok, RebuildIndexCommand.Run(IndexDir, Disks, null, force: true, TextWriter.Null, TextWriter.Null, CancellationToken.None));
    }

    [Fact]
    public async Task Verify_IntactDisks_IsOk_FlippedBitInSealedRecordFails()
    {
        Format();
        await WriteShardsAsync(3);
        var output = new StringWriter();
        Assert.Equal(ExitCodes.Ok, VerifyCommand.Run(Disks, null, output, TextWriter.Null));
        Assert.Contains("3 records checked", output.ToString(), StringComparison.Ordinal);

        // Corrupt the largest segment, then make it look sealed by adding a newer segment after it.
        var segment = Disks.SelectMany(d => Directory.GetFiles(Path.Combine(d, "segments"))).MaxBy(f => new FileInfo(f).Length)!;
        var bytes = File.ReadAllBytes(segment);
        Assert.True(bytes.Length > 10_000);
        bytes[200] ^= 1;
        File.WriteAllBytes(segment, bytes);
        File.Copy(segment, segment.Replace("000000000001", "000000000002", StringComparison.Ordinal));
        var damaged = new StringWriter();
        Assert.Equal(ExitCodes.Failed, VerifyCommand.Run(Disks, null, damaged, TextWriter.Null));

        Assert.Contains("DAMAGED RECORD", damaged.ToString(), StringComparison.Ordinal);
        Assert.Contains("may have been repaired onto another node", damaged.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_DamagedRecordPutAgainSince_IsReportedSupersededNotCorruption()
    {
        Format();
        await WriteShardsAsync(3);
        var segment = Disks.SelectMany(d => Directory.GetFiles(Path.Combine(d, "segments"))).MaxBy(f => new FileInfo(f).Length)!;
        var bytes = File.ReadAllBytes(segment);
        bytes[200] ^= 1; // in the first record's body: its header still names the shard
        File.WriteAllBytes(segment, bytes);
        var before = new StringWriter();
        Assert.Equal(ExitCodes.Failed, VerifyCommand.Run(Disks, null, before, TextWriter.Null));

        // A repair (or any later put) writes the shard again in a newer record, which recovery and the index follow.
        await WriteShardsAsync(3);
        var after = new StringWriter();
        Assert.Equal(ExitCodes.Ok, VerifyCommand.Run(Disks, null, after, TextWriter.Null));
        Assert.Contains("superseded by a newer valid record", after.ToString(), StringComparison.Ordinal);
        Assert.Contains("1 damaged record(s) already superseded", after.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("DAMAGED RECORD", after.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RebuildIndexWithSeveralDisks_HasNoErrors()
    {
        var result = Program.BuildRoot().Parse(["node", "rebuild-index", "--index", "/x", "--disk", "/a", "--disk", "/b"]);
        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("verify", "--json")]
    [InlineData("disks", "--bogus")]
    public void Parse_AnUnknownOptionAfterADisk_IsAnErrorNotAnotherDisk(string command, string unknown)
    {
        // Sweep U: `node verify --disk D --json` took --json for a second disk and said "refused (Missing)".
        var result = Program.BuildRoot().Parse(["node", command, "--disk", "/a", unknown]);
        Assert.Contains(result.Errors, e => e.Message.Contains(unknown, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private sealed class Meters : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options.Name, options.Version, options.Tags, scope: this);

        public void Dispose()
        {
        }
    }
}
