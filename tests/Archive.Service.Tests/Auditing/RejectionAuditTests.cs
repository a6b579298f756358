using Archive.Storage.Audit;

namespace Archive.Service.Tests.Auditing;

/// <summary>Refused associations are audited, and a flood from one address does not fill the disk (sweep V, session 18).</summary>
public sealed class RejectionAuditTests
{
    [Fact]
    public void FloodFromOneAddress_TenAMinuteOneByOne_TheRestCountedInOneRecord_OtherAddressesUntouched()
    {
        var trail = new ListTrail();
        var clock = new Clock(new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero));
        var audit = new RejectionAudit(trail, clock);

        for (var i = 0; i < 1000; i++)
        {
            audit.Record("STRANGER", "calling AE not recognized", $"10.0.0.9:{40000 + i}");
        }

        audit.Record("PACS_B", "called AE title X is not this archive's (ARCHIVE)", "10.0.0.7:5000");
        Assert.Equal(11, trail.Events.Count);
        Assert.Equal(10, trail.Events.Count(e => e.Actor == "STRANGER"));

        clock.Now += TimeSpan.FromSeconds(61);
        audit.Record("STRANGER", "calling AE not recognized", "10.0.0.9:50000");

        var summary = Assert.Single(trail.Events, e => e.Actor == "(many)");
        Assert.Equal(("10.0.0.9", AuditTypes.AssociationRejected), (summary.From, summary.Type));
        Assert.StartsWith("990 more refused association(s) from this address between 2026-11-30 03:00:00Z and 2026-11-30 03:01:00Z", summary.Outcome, StringComparison.Ordinal);
        Assert.Equal("10.0.0.9:50000", trail.Events[^1].From); // the new minute's first refusal is recorded again
        Assert.Equal(13, trail.Events.Count);
    }

    [Fact]
    public void Flush_RecordsTheCountOfAWindowStillOpen_AndOnlyOnce()
    {
        // A flood the node stopped during left no trace of the refusals past the tenth: they were written with a later refusal.
        var trail = new ListTrail();
        var clock = new Clock(new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero));
        var audit = new RejectionAudit(trail, clock);
        for (var i = 0; i < 25; i++)
        {
            audit.Record("STRANGER", "calling AE not recognized", $"10.0.0.9:{40000 + i}");
        }

        audit.Record("PACS_B", "calling AE not recognized", "10.0.0.7:5000");
        clock.Now += TimeSpan.FromSeconds(20);

        audit.Flush();
        audit.Flush();

        var summary = Assert.Single(trail.Events, e => e.Actor == "(many)");
        Assert.Equal("10.0.0.9", summary.From);
        Assert.StartsWith("15 more refused association(s) from this address between 2026-11-30 03:00:00Z and 2026-11-30 03:00:20Z", summary.Outcome, StringComparison.Ordinal);
        Assert.Equal(12, trail.Events.Count);
    }

    private sealed class ListTrail : IAuditTrail
    {
        public List<AuditEvent> Events { get; } = [];

        public void Record(AuditEvent auditEvent) => Events.Add(auditEvent);
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
