using Archive.Storage.Audit;

namespace Archive.Service;

/// <summary>
/// Audits refusals of one kind (<paramref name="type"/>: refused associations, refused TLS handshakes) without letting a
/// flood fill the disk (sweep V: 4,367 refusals in 5 s from one address wrote 1.1 MB, ~19 GB a day; sweep T: every failed
/// handshake, a port scan's bare connect too, was a record). Per calling address and minute, the first
/// <see cref="RecordsPerMinute"/> are recorded one by one; the rest are counted, and recorded as one record with their
/// count once the minute is over: with that address's next refusal, any address's once the windows are swept (at most
/// once a minute), or when the listener stops (<see cref="Flush"/>). Thread-safe.
/// </summary>
/// <param name="what">The refusals as a summary record counts them ("refused association(s)").</param>
internal sealed class RejectionAudit(IAuditTrail? audit, TimeProvider time, string type = AuditTypes.AssociationRejected, string what = "refused association(s)")
{
    public const int RecordsPerMinute = 10;

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, Tally> _byAddress = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    /// <summary>A refusal of <paramref name="actor"/> calling from <paramref name="from"/> (address:port), for <paramref name="reason"/>.</summary>
    public void Record(string actor, string reason, string? from)
    {
        if (audit is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var address = AddressOf(from);
        var summaries = new List<AuditEvent>();
        bool recordThis;
        lock (_gate)
        {
            if (now >= _nextSweep)
            {
                // Every address's window at most once a minute, not on every refusal: a flood from many addresses stays linear.
                foreach (var (other, stale) in _byAddress.Where(t => now - t.Value.Since >= Window).ToArray())
                {
                    Close(other, stale, stale.Since + Window, summaries);
                }

                _nextSweep = now + Window;
            }

            if (_byAddress.TryGetValue(address, out var tally) && now - tally.Since >= Window)
            {
                Close(address, tally, tally.Since + Window, summaries);
            }

            if (!_byAddress.TryGetValue(address, out tally))
            {
                _byAddress[address] = tally = new Tally(now);
            }

            recordThis = ++tally.Seen <= RecordsPerMinute;
            if (!recordThis)
            {
                tally.Suppressed++;
            }
        }

        Write(summaries);
        if (recordThis)
        {
            audit.Record(new AuditEvent(type, actor, reason, From: from));
        }
    }

    /// <summary>Ends every open window now, so that the refusals counted in it are recorded before the node stops.</summary>
    public void Flush()
    {
        if (audit is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var summaries = new List<AuditEvent>();
        lock (_gate)
        {
            foreach (var (address, tally) in _byAddress.ToArray())
            {
                Close(address, tally, now < tally.Since + Window ? now : tally.Since + Window, summaries);
            }
        }

        Write(summaries);
    }

    private void Write(List<AuditEvent> summaries)
    {
        foreach (var summary in summaries)
        {
            audit!.Record(summary);
        }
    }

    /// <summary>Ends <paramref name="address"/>'s window at <paramref name="end"/>; its suppressed count, if any, becomes one record.</summary>
    private void Close(string address, Tally tally, DateTimeOffset end, List<AuditEvent> summaries)
    {
        _byAddress.Remove(address);
        if (tally.Suppressed > 0)
        {
            summaries.Add(new AuditEvent(
                type,
                "(many)",
                $"{tally.Suppressed} more {what} from this address between {tally.Since:u} and {end:u}, not recorded one by one",
                From: address));
        }
    }

    private static string AddressOf(string? from) =>
        from is null ? "?" : System.Net.IPEndPoint.TryParse(from, out var endPoint) ? endPoint.Address.ToString() : from;

    private sealed class Tally(DateTimeOffset since)
    {
        public DateTimeOffset Since { get; } = since;

        public int Seen { get; set; }

        public long Suppressed { get; set; }
    }
}
