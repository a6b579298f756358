namespace Archive.Storage.Audit;

/// <summary>
/// One thing an auditor asks about afterwards: who (<paramref name="Actor"/>: a calling AE title, or the operator's
/// address for admin calls) did what (<paramref name="Type"/>, one of <see cref="AuditTypes"/>) to which study and
/// object, with what outcome. Never a patient name or ID: UIDs, counts and statuses only.
/// </summary>
/// <param name="Outcome">A DIMSE status ("0x0000"), "ok" or a short refusal reason.</param>
/// <param name="Subject">The object, series or transaction the event is about (a UID), when there is one.</param>
/// <param name="Detail">Counts, levels, destinations: a short free text.</param>
/// <param name="From">Where the request came from (a DICOM caller's address and port), when there is a network peer.</param>
public sealed record AuditEvent(string Type, string Actor, string Outcome, string? Study = null, string? Subject = null, string? Detail = null, string? From = null);

/// <summary>The event types the audit trail records.</summary>
public static class AuditTypes
{
    public const string AssociationRejected = "association-rejected";
    public const string TlsRefused = "tls-refused";
    public const string Store = "store";
    public const string StoreNewVersion = "store-new-version";
    public const string StoreRefused = "store-refused";
    public const string Query = "query";
    public const string Retrieve = "retrieve";
    public const string CommitRequest = "commit-request";
    public const string CommitReport = "commit-report";
    public const string MapApplied = "map-applied";
    public const string AdminExport = "admin-export";
    public const string AdminImport = "admin-import";
    public const string AdminVerify = "admin-verify";
    public const string AdminScrub = "admin-scrub";

    /// <summary>Every type, for validating a query.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        AssociationRejected, TlsRefused, Store, StoreNewVersion, StoreRefused, Query, Retrieve, CommitRequest, CommitReport, MapApplied, AdminExport, AdminImport, AdminVerify, AdminScrub,
    };
}

/// <summary>Where audit events go. Recording never blocks the caller and never throws.</summary>
public interface IAuditTrail
{
    void Record(AuditEvent auditEvent);
}

/// <summary>Records nothing (tools and tests that have no trail).</summary>
public sealed class NoAuditTrail : IAuditTrail
{
    public static readonly NoAuditTrail Instance = new();

    public void Record(AuditEvent auditEvent)
    {
    }
}
