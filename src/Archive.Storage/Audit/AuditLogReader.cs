namespace Archive.Storage.Audit;

/// <summary>
/// Reads a node's audit trail (<see cref="AuditLog"/>) while it is written: only complete lines. Thread-safe; holds
/// no state.
/// </summary>
public static class AuditLogReader
{
    /// <summary>Most records one query returns.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>
    /// The last <see cref="AuditQuery.Limit"/> records matching <paramref name="query"/>, oldest first; Truncated when
    /// more matched.
    /// </summary>
    public static (IReadOnlyList<AuditRecord> Records, bool Truncated) Read(string directory, AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit, 1, MaxLimit);
        var found = new Queue<AuditRecord>(limit);
        var truncated = false;
        foreach (var path in AuditLog.DayFiles(directory).Where(f => MayHold(f, query)))
        {
            foreach (var line in Lines(path))
            {
                if (AuditRecord.Parse(line) is { } record && query.Matches(record))
                {
                    if (found.Count == limit)
                    {
                        found.Dequeue();
                        truncated = true;
                    }

                    found.Enqueue(record);
                }
            }
        }

        return ([.. found], truncated);
    }

    /// <summary>
    /// Walks the whole trail checking that the records are numbered without a gap and that each one's chain hash is that
    /// of the line before: a record changed, removed or inserted afterwards shows as the first line where either fails.
    /// The oldest record kept starts the chain (day files older than the retention may have been moved away).
    /// </summary>
    public static AuditChainReport CheckChain(string directory)
    {
        var head = AuditLog.ReadHead(directory); // first: a batch appended while the files are read only moves it further
        long records = 0, lastSeq = -1;
        string? prev = null;
        foreach (var path in AuditLog.DayFiles(directory))
        {
            var number = 0;
            foreach (var line in Lines(path))
            {
                number++;
                var where = $"{Path.GetFileName(path)} line {number}";
                if (AuditRecord.Parse(line) is not { } record)
                {
                    return new AuditChainReport(records, Math.Max(lastSeq, 0), $"{where} is not an audit record");
                }

                if (prev is null)
                {
                    (lastSeq, prev) = (record.Seq - 1, record.Prev); // the oldest record kept
                }

                if (record.Seq != lastSeq + 1)
                {
                    return new AuditChainReport(records, lastSeq, $"{where}: record {record.Seq} follows record {lastSeq} (records are missing or out of order)");
                }

                if (!string.Equals(record.Prev, prev, StringComparison.Ordinal))
                {
                    return new AuditChainReport(records, lastSeq, $"{where}: record {record.Seq} does not chain to the line before it (that line, or this one, was changed)");
                }

                prev = AuditRecord.HashOf(line);
                lastSeq = record.Seq;
                records++;
            }
        }

        return head > lastSeq
            ? new AuditChainReport(records, Math.Max(lastSeq, 0), $"records {lastSeq + 1} to {head} were written and are gone from the end of the trail")
            : new AuditChainReport(records, Math.Max(lastSeq, 0), null);
    }

    /// <summary>A day file can hold records of its day only, give or take the minutes a queued event waits.</summary>
    private static bool MayHold(string path, AuditQuery query)
    {
        var day = AuditLog.DayOf(path)!.Value;
        return (query.Since is not { } since || day >= DateOnly.FromDateTime(since.UtcDateTime).AddDays(-1))
            && (query.Until is not { } until || day <= DateOnly.FromDateTime(until.UtcDateTime).AddDays(1));
    }

    /// <summary>The complete lines of a file (without their newline); a last line still being written is left out.</summary>
    private static IEnumerable<byte[]> Lines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        var buffer = new byte[1 << 16];
        var line = new List<byte>(512);
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            var start = 0;
            int newline;
            while ((newline = Array.IndexOf(buffer, (byte)'\n', start, read - start)) >= 0)
            {
                line.AddRange(buffer.AsSpan(start, newline - start));
                yield return [.. line];
                line.Clear();
                start = newline + 1;
            }

            line.AddRange(buffer.AsSpan(start, read - start));
        }
    }
}

/// <summary>Which audit records to return.</summary>
/// <param name="Types">Event types (<see cref="AuditTypes"/>); null or empty for all.</param>
/// <param name="Actor">A calling AE title or admin address, exactly; null for any.</param>
/// <param name="Uid">A study, object, series or transaction UID the record names; null for any.</param>
public sealed record AuditQuery(DateTimeOffset? Since, DateTimeOffset? Until, IReadOnlySet<string>? Types, string? Actor, string? Uid, int Limit)
{
    public bool Matches(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (Since is not { } since || record.Time >= since)
            && (Until is not { } until || record.Time < until)
            && (Types is not { Count: > 0 } types || types.Contains(record.Type))
            && (Actor is null || string.Equals(record.Actor, Actor, StringComparison.Ordinal))
            && (Uid is null || string.Equals(record.Study, Uid, StringComparison.Ordinal) || string.Equals(record.Subject, Uid, StringComparison.Ordinal));
    }
}

/// <summary>What a chain check found: records checked, the last good number, and the first problem (null: intact).</summary>
public sealed record AuditChainReport(long Records, long LastSeq, string? Problem)
{
    public bool Intact => Problem is null;
}
