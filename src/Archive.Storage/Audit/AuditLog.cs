using System.Buffers;
using System.Globalization;
using System.Threading.Channels;
using Archive.Storage.Io;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Archive.Storage.Audit;

/// <summary>
/// This node's audit trail on disk: one file per UTC day (<c>audit-YYYY-MM-DD.jsonl</c>), append-only, every record
/// numbered and hash-chained to the one before (<see cref="AuditRecord"/>). <see cref="Record"/> only queues (callers
/// are C-STORE responses and admin calls, which must not wait for a disk); one writer appends what is queued and
/// fsyncs it, then waits <c>flushInterval</c> so that a busy archive pays one fsync per interval, not per event. A
/// record is on disk within about that interval; a crash may lose the events of the last interval, never an object.
/// A torn last line (a crash mid-append) is cut off at open. When the disk refuses a write, the records stay queued and
/// are tried again, so the numbering has no gaps; past <see cref="Capacity"/> queued events, new ones are dropped,
/// counted (<see cref="Dropped"/>) and logged. The number of the last record written is kept beside the files
/// (<c>audit.head</c>, after each batch): records cut from the end while the node was stopped are never numbered
/// again, so the chain check finds the gap. A day file replaced or removed while the node runs (an editor's save,
/// a copy moved back) is noticed after the append that went to it (its link count is 0): the batch is appended
/// again to the file now at that path. A clock stepped back (NTP, a VM resumed) never sends records to an earlier day's
/// file: they go on in the newest one, whose name the chain check and retention read as the order (sweep F: the step
/// back across midnight made an intact chain read as broken). Thread-safe.
/// </summary>
public sealed partial class AuditLog : IAuditTrail, IAsyncDisposable
{
    /// <summary>Events queued before new ones are dropped (a disk that refuses writes for a long time).</summary>
    public const int Capacity = 100_000;

    private const string Prefix = "audit-";
    private const string Suffix = ".jsonl";

    /// <summary>The file beside the day files holding the last record's number.</summary>
    public const string HeadFile = "audit.head";

    private readonly Channel<(AuditEvent Event, DateTimeOffset At)> _queue = Channel.CreateBounded<(AuditEvent, DateTimeOffset)>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly string _directory;
    private readonly string _nodeId;
    private readonly TimeProvider _time;
    private readonly TimeSpan _flushInterval;
    private readonly ILogger _logger;
    private readonly ArrayBufferWriter<byte> _pending = new();
    private readonly Task _writer;
    private long _seq;
    private string _prev;
    private long _dropped;
    private SafeFileHandle? _file;
    private string? _fileName;
    private long _fileLength;
    private long _failuresInARow;
    private SafeFileHandle? _head;
    private DateOnly? _newestDay;

    private AuditLog(string directory, string nodeId, TimeProvider time, TimeSpan flushInterval, ILogger logger, long seq, string prev)
    {
        _newestDay = DayFiles(directory) is [.., var newest] ? DayOf(newest) : null;
        _directory = directory;
        _nodeId = nodeId;
        _time = time;
        _flushInterval = flushInterval;
        _logger = logger;
        _seq = seq;
        _prev = prev;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Opens (creating) the trail in <paramref name="directory"/>, continuing its numbering and chain.</summary>
    public static AuditLog Open(string directory, string nodeId, TimeProvider time, TimeSpan flushInterval, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(logger);
        Directory.CreateDirectory(directory);
        var (seq, prev) = RecoverTail(directory, logger);
        if (ReadHead(directory) is { } head && head > seq)
        {
            LogTrailCut(logger, seq + 1, head); // numbered on from the head: the gap stays for the chain check to find
            seq = head;
        }

        return new AuditLog(directory, nodeId, time, flushInterval, logger, seq, prev);
    }

    /// <summary>Events dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The day files in <paramref name="directory"/>, oldest first.</summary>
    public static IReadOnlyList<string> DayFiles(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, Prefix + "*" + Suffix).Where(f => DayOf(f) is not null).Order(StringComparer.Ordinal).ToArray()
            : [];

    /// <summary>The UTC day a file holds, from its name; null when it is not a day file.</summary>
    public static DateOnly? DayOf(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(Suffix, StringComparison.Ordinal)
            && DateOnly.TryParseExact(name[Prefix.Length..^Suffix.Length], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day : null;
    }

    public void Record(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        if (!_queue.Writer.TryWrite((auditEvent, _time.GetUtcNow())) && Interlocked.Increment(ref _dropped) is var dropped && (dropped & (dropped - 1)) == 0)
        {
            LogDropped(dropped); // 1, 2, 4, 8...: loud, never a flood
        }
    }

    /// <summary>Writes what is queued and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        _file?.Dispose();
        _head?.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        while (_pending.WrittenCount > 0 || await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                var record = new AuditRecord(++_seq, item.At, _nodeId, item.Event.Type, item.Event.Actor, item.Event.Outcome, item.Event.Study, item.Event.Subject, item.Event.Detail, _prev, item.Event.From);
                var line = record.ToLine();
                _prev = AuditRecord.HashOf(line);
                _pending.Write(line);
                _pending.Write("\n"u8);
            }

            try
            {
                Append();
                _pending.Clear();
                _failuresInARow = 0;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (_failuresInARow++ % 300 == 0)
                {
                    LogWriteFailed(e, _pending.WrittenCount); // kept and tried again, so the numbering has no gaps; logged once a minute at most
                }

                if (reader.Completion.IsCompleted)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), _time).ConfigureAwait(false);
                continue;
            }

            if (_flushInterval > TimeSpan.Zero && !reader.Completion.IsCompleted)
            {
                await Task.Delay(_flushInterval, _time).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Appends the pending lines to today's file (or the newest, if the clock is behind it) and fsyncs it; a new day's file is created (and its directory synced) first.</summary>
    /// <param name="again">Appending again after the file was found replaced: a second time in a row is an error (tried again later).</param>
    private void Append(bool again = false)
    {
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        var day = _newestDay is { } newest && newest > today ? newest : today;
        var name = Path.Combine(_directory, Prefix + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + Suffix);
        if (_file is null || _fileName != name)
        {
            _file?.Dispose();
            _file = null;
            var created = !File.Exists(name);
            var file = File.OpenHandle(name, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
            if (created)
            {
                FileSync.Directory(_directory);
            }

            (_file, _fileName, _fileLength, _newestDay) = (file, name, RandomAccess.GetLength(file), day);
        }

        RandomAccess.Write(_file, _pending.WrittenSpan, _fileLength);
        FileSync.File(_file);
        _fileLength += _pending.WrittenCount;
        if (FileLinks.IsUnlinked(_file))
        {
            // Replaced or removed under us: what was just written went to a file nobody will read again.
            LogFileReplaced(Path.GetFileName(name));
            _file.Dispose();
            _file = null;
            if (again)
            {
                throw new IOException($"audit file {name} is replaced or removed as fast as it is written");
            }

            Append(again: true);
            return;
        }

        WriteHead(_seq);
    }

    /// <summary>The last record's number, written and synced in place (a few bytes: one sector, never torn).</summary>
    private void WriteHead(long seq)
    {
        _head ??= File.OpenHandle(Path.Combine(_directory, HeadFile), FileMode.OpenOrCreate, FileAccess.Write);
        var text = System.Text.Encoding.ASCII.GetBytes(seq.ToString(CultureInfo.InvariantCulture).PadRight(20) + "\n");
        RandomAccess.Write(_head, text, 0);
        FileSync.File(_head);
    }

    /// <summary>The number <see cref="HeadFile"/> holds, or null (none yet, or unreadable).</summary>
    public static long? ReadHead(string directory)
    {
        var path = Path.Combine(directory, HeadFile);
        return File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : null;
    }

    /// <summary>The last record's number and hash; a torn last line (no newline, or not a record) is cut off first.</summary>
    private static (long Seq, string Prev) RecoverTail(string directory, ILogger logger)
    {
        foreach (var path in DayFiles(directory).Reverse())
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
            var length = RandomAccess.GetLength(file);
            var tail = new byte[(int)Math.Min(length, 1 << 20)];
            RandomAccess.Read(file, tail, length - tail.Length);
            var end = tail.AsSpan().LastIndexOf((byte)'\n') + 1; // bytes of complete lines in the tail
            if (end < tail.Length)
            {
                RandomAccess.SetLength(file, length - tail.Length + end);
                FileSync.File(file);
                LogTornTailCut(logger, Path.GetFileName(path), tail.Length - end);
            }

            if (end == 0)
            {
                continue;
            }

            var lines = tail.AsSpan(0, end - 1);
            var last = lines[(lines.LastIndexOf((byte)'\n') + 1)..];
            if (AuditRecord.Parse(last) is not { } record)
            {
                throw new InvalidDataException($"the last line of audit file {path} is not an audit record; the trail cannot be continued (check it with archivectl audit verify)");
            }

            return (record.Seq, AuditRecord.HashOf(last));
        }

        return (0, AuditRecord.Genesis);
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Error, Message = "Audit trail: {Dropped} event(s) dropped so far, the queue is full (the audit disk refuses or stalls writes)")]
    private partial void LogDropped(long dropped);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Audit trail: append failed; {Bytes} bytes of records stay queued and are tried again")]
    private partial void LogWriteFailed(Exception exception, int bytes);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Audit trail: {File} was replaced or removed while the node ran; the last batch is appended again to the file now at that path")]
    private partial void LogFileReplaced(string file);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Error, Message = "Audit trail: records {From} to {To} were written and are gone from the end of the trail (cut while the node was stopped); numbering goes on after them, so `archivectl audit verify` shows the gap")]
    private static partial void LogTrailCut(ILogger logger, long from, long to);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Audit trail: {Bytes} bytes of a torn last line in {File} cut off (a crash mid-append)")]
    private static partial void LogTornTailCut(ILogger logger, string file, int bytes);
}
