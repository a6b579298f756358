using System.Text;
using Archive.Storage.Audit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Storage.Tests.Audit;

/// <summary>
/// The audit trail: numbered and chained across restarts and days; a line changed or removed afterwards is found at
/// that place; a torn last line is cut at open and the chain goes on; queries filter by time, type, actor and UID and
/// keep the newest records when more match than asked.
/// </summary>
public sealed class AuditLogTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "audit-" + Guid.NewGuid().ToString("N"));
    private readonly SettableClock _clock = new(new DateTimeOffset(2026, 11, 28, 23, 59, 0, TimeSpan.Zero));

    [Fact]
    public async Task Records_NumberedAndChained_AcrossARestartAndADay()
    {
        await WriteAsync(Store("PACS1", "1.2.3.1"), Store("PACS1", "1.2.3.2"));
        _clock.Now = _clock.Now.AddMinutes(2); // the next day
        await WriteAsync(new AuditEvent(AuditTypes.Query, "PACS2", "0x0000", Detail: "STUDY level, 3 matches"));

        var files = AuditLog.DayFiles(_directory);
        Assert.Equal(["audit-2026-11-28.jsonl", "audit-2026-11-29.jsonl"], files.Select(Path.GetFileName));
        var (records, truncated) = AuditLogReader.Read(_directory, All(10));
        Assert.False(truncated);
        Assert.Equal([1L, 2, 3], records.Select(r => r.Seq));
        Assert.Equal(["store", "store", "query"], records.Select(r => r.Type));
        Assert.All(records, r => Assert.Equal("node-1", r.Node));
        Assert.Equal(AuditRecord.Genesis, records[0].Prev);
        Assert.Equal(new AuditChainReport(3, 3, null), AuditLogReader.CheckChain(_directory));
    }

    [Fact]
    public async Task ClockSteppedBackAcrossMidnight_RecordsGoOnInTheNewestFile_AndTheChainStaysIntact()
    {
        // Sweep F: a node's clock stepped back a day sent its next records to an older day's file, and the check,
        // walking the files in name order, read "record 1 follows record 34".
        _clock.Now = _clock.Now.AddMinutes(2); // 2026-11-29 00:01
        await using (var log = AuditLog.Open(_directory, "node-1", _clock, TimeSpan.Zero, NullLogger.Instance))
        {
            log.Record(Store("PACS1", "1.2.3.1"));
            log.Record(Store("PACS1", "1.2.3.2"));
            await WaitForAsync(2);
            _clock.Now = _clock.Now.AddDays(-1); // stepped back to 2026-11-28 while running
            log.Record(Store("PACS1", "1.2.3.3"));
        }

        await WriteAsync(Store("PACS1", "1.2.3.4")); // and after a restart with the clock still behind

        Assert.Equal(["audit-2026-11-29.jsonl"], AuditLog.DayFiles(_directory).Select(Path.GetFileName));
        Assert.Equal(new AuditChainReport(4, 4, null), AuditLogReader.CheckChain(_directory));
    }

    [Fact]
    public async Task OldestDaysMovedAway_TheChainStartsAtTheOldestKept_ADayTakenFromTheMiddleBreaksIt()
    {
        foreach (var day in Enumerable.Range(0, 3))
        {
            await WriteAsync(Store("PACS1", "1.2.3." + day), Store("PACS1", "1.2.4." + day));
            _clock.Now = _clock.Now.AddDays(1);
        }

        var files = AuditLog.DayFiles(_directory);
        var middle = File.ReadAllBytes(files[1]);
        File.Delete(files[1]);
        Assert.Contains("record 5 follows record 2", AuditLogReader.CheckChain(_directory).Problem, StringComparison.Ordinal);

        File.WriteAllBytes(files[1], middle);
        File.Delete(files[0]); // retention: the oldest day archived elsewhere
        Assert.Equal(new AuditChainReport(4, 6, null), AuditLogReader.CheckChain(_directory));
    }

    [Fact]
    public async Task ALineChanged_OrRemoved_TheChainBreaksThere()
    {
        await WriteAsync(Enumerable.Range(1, 6).Select(i => Store("PACS1", "1.2.3." + i)).ToArray());
        var path = AuditLog.DayFiles(_directory).Single();
        var original = File.ReadAllLines(path);

        File.WriteAllLines(path, original.Select((l, i) => i == 2 ? l.Replace("PACS1", "PACS9", StringComparison.Ordinal) : l));
        var changed = AuditLogReader.CheckChain(_directory);
        Assert.False(changed.Intact);
        Assert.Equal(3, changed.LastSeq);
        Assert.Contains("line 4: record 4 does not chain", changed.Problem, StringComparison.Ordinal);

        File.WriteAllLines(path, original.Where((_, i) => i != 2));
        var removed = AuditLogReader.CheckChain(_directory);
        Assert.Equal(2, removed.LastSeq);
        Assert.Contains("line 3: record 4 follows record 2", removed.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TornLastLine_CutAtOpen_AndTheChainGoesOn()
    {
        await WriteAsync(Store("PACS1", "1.2.3.1"), Store("PACS1", "1.2.3.2"));
        var path = AuditLog.DayFiles(_directory).Single();
        File.AppendAllText(path, "{\"seq\":3,\"time\":\"2026-11-28T23:59"); // the crash came mid-append

        await WriteAsync(Store("PACS1", "1.2.3.3"));

        Assert.Equal(new AuditChainReport(3, 3, null), AuditLogReader.CheckChain(_directory));
        Assert.Equal(3, File.ReadAllLines(path).Length);
    }

    [Fact]
    public async Task Read_FiltersByTimeTypeActorAndUid_AndKeepsTheNewestWhenTruncated()
    {
        await WriteAsync(Store("PACS1", "1.2.3.1", study: "1.2.9"), Store("PACS2", "1.2.3.2", study: "1.2.9"));
        _clock.Now = _clock.Now.AddHours(1);
        await WriteAsync(
            new AuditEvent(AuditTypes.Retrieve, "PACS2", "0x0000", Study: "1.2.9", Detail: "C-MOVE to PACS3: 2 completed"),
            new AuditEvent(AuditTypes.AssociationRejected, "INTRUDER", "calling AE not recognized"),
            Store("PACS1", "1.2.3.3", study: "1.2.8"));

        Assert.Equal([1L, 2, 3], Seqs(new AuditQuery(null, null, null, null, "1.2.9", 10)));
        Assert.Equal([2L, 3], Seqs(new AuditQuery(null, null, null, "PACS2", null, 10)));
        Assert.Equal([4L], Seqs(new AuditQuery(null, null, new HashSet<string> { AuditTypes.AssociationRejected }, null, null, 10)));
        Assert.Equal([3L, 4, 5], Seqs(new AuditQuery(_clock.Now.AddMinutes(-1), null, null, null, null, 10)));
        Assert.Equal([1L, 2], Seqs(new AuditQuery(null, _clock.Now.AddMinutes(-1), null, null, null, 10)));
        Assert.Equal([1L], Seqs(new AuditQuery(null, null, null, null, "1.2.3.1", 10)));

        var (newest, truncated) = AuditLogReader.Read(_directory, All(2));
        Assert.True(truncated);
        Assert.Equal([4L, 5], newest.Select(r => r.Seq));
    }

    [Fact]
    public async Task Record_NeverWaitsForTheDisk_TheWriterBatchesAndDisposeWritesTheRest()
    {
        var log = AuditLog.Open(_directory, "node-1", _clock, TimeSpan.FromMilliseconds(50), NullLogger.Instance);
        for (var i = 0; i < 5_000; i++)
        {
            log.Record(Store("PACS1", "1.2.3." + i));
        }

        await log.DisposeAsync();
        Assert.Equal(0, log.Dropped);
        Assert.Equal(new AuditChainReport(5_000, 5_000, null), AuditLogReader.CheckChain(_directory));
    }

    [Fact]
    public async Task AppendRefused_RecordsStayQueued_AndArriveWithoutAGapOnceTheDiskTakesThem()
    {
        var blocker = Path.Combine(_directory, "audit-2026-11-28.jsonl");
        Directory.CreateDirectory(blocker); // today's file cannot be opened for writing
        var log = AuditLog.Open(_directory, "node-1", _clock, TimeSpan.Zero, NullLogger.Instance);
        log.Record(Store("PACS1", "1.2.3.1"));
        log.Record(Store("PACS1", "1.2.3.2"));
        await Task.Delay(500);
        Assert.Empty(AuditLog.DayFiles(_directory));

        Directory.Delete(blocker);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (AuditLogReader.CheckChain(_directory).Records < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(2, AuditLogReader.CheckChain(_directory).Records); // retried without a new event to wake the writer

        log.Record(Store("PACS1", "1.2.3.3"));
        await log.DisposeAsync();
        Assert.Equal(new AuditChainReport(3, 3, null), AuditLogReader.CheckChain(_directory));
    }

    [Fact]
    public async Task RecordsCutFromTheEndWhileStopped_AreFound_AndTheirNumbersNeverReused()
    {
        await WriteAsync(Enumerable.Range(1, 4).Select(i => Store("PACS1", "1.2.3." + i)).ToArray());
        var path = AuditLog.DayFiles(_directory).Single();
        File.WriteAllLines(path, File.ReadAllLines(path).Take(2)); // records 3 and 4 removed, the node stopped

        Assert.Contains("records 3 to 4 were written and are gone", AuditLogReader.CheckChain(_directory).Problem, StringComparison.Ordinal);
        await WriteAsync(Store("PACS1", "1.2.3.5"));
        Assert.Equal(5, AuditLogReader.Read(_directory, All(10)).Records[^1].Seq);
        Assert.Contains("record 5 follows record 2", AuditLogReader.CheckChain(_directory).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TodaysFileReplacedWhileRunning_LaterRecordsGoToTheFileNowAtThePath()
    {
        var log = AuditLog.Open(_directory, "node-1", _clock, TimeSpan.Zero, NullLogger.Instance);
        log.Record(Store("PACS1", "1.2.3.1"));
        log.Record(Store("PACS1", "1.2.3.2"));
        await WaitForAsync(2);
        for (var waited = 0; AuditLog.ReadHead(_directory) != 2 && waited < 500; waited++)
        {
            await Task.Delay(20); // the append is done (the head is written after its check), so the writer is idle
        }

        var path = AuditLog.DayFiles(_directory).Single();
        File.Copy(path, path + ".tmp");
        File.Move(path + ".tmp", path, overwrite: true); // what an editor's save does

        log.Record(Store("PACS1", "1.2.3.3"));
        await WaitForAsync(3);
        await log.DisposeAsync();
        Assert.Equal(new AuditChainReport(3, 3, null), AuditLogReader.CheckChain(_directory));
    }

    private async Task WaitForAsync(long records)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (AuditLogReader.CheckChain(_directory).Records < records && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task WriteAsync(params AuditEvent[] events)
    {
        await using var log = AuditLog.Open(_directory, "node-1", _clock, TimeSpan.Zero, NullLogger.Instance);
        foreach (var e in events)
        {
            log.Record(e);
        }
    }

    private long[] Seqs(AuditQuery query) => [.. AuditLogReader.Read(_directory, query).Records.Select(r => r.Seq)];

    private static AuditQuery All(int limit) => new(null, null, null, null, null, limit);

    private static AuditEvent Store(string actor, string sop, string study = "1.2.9") => new(AuditTypes.Store, actor, "0x0000", study, sop, "524288 bytes");

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
