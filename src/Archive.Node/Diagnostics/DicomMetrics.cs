using System.Diagnostics;
using System.Diagnostics.Metrics;
using Archive.Dicom.Network.Dimse;
using Archive.Service.Committing;

namespace Archive.Node.Diagnostics;

/// <summary>
/// The instruments of the node's DICOM face, declared once (STYLE.md §11), recorded at the DIMSE
/// service boundary by <see cref="Dicom.MeteredDimseServiceProvider"/> (and the find and retrieve
/// handler decorators for bytes sent): associations, operations, received and sent bytes by service
/// and calling AE, and latency by service. The calling AE label is bounded by
/// <see cref="Dicom.CallingAeLabels"/> before it gets here. Thread-safe.
/// </summary>
public sealed class DicomMetrics
{
    public const string MeterName = "Archive.Node.Dicom";

    private readonly Meter _meter;
    private readonly Counter<long> _associations;
    private readonly Counter<long> _operations;
    private readonly Counter<long> _receivedBytes;
    private readonly Counter<long> _sentBytes;
    private readonly Histogram<double> _duration;

    public DicomMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _associations = _meter.CreateCounter<long>("archive.dicom.associations", "{association}", "DICOM associations accepted, by calling AE.");
        _operations = _meter.CreateCounter<long>("archive.dicom.operations", "{operation}", "DIMSE operations answered, by service, calling AE and final status class (success, warning, failure, cancel, none).");
        _receivedBytes = _meter.CreateCounter<long>("archive.dicom.received.bytes", "By", "Dataset bytes received with DIMSE requests (C-STORE objects, query identifiers), by service and calling AE.");
        _sentBytes = _meter.CreateCounter<long>("archive.dicom.sent.bytes", "By", "Dataset bytes sent: C-STORE sub-operations of C-MOVE and C-GET (stored length, counted when each starts) and C-FIND response identifiers, by service and calling AE.");
        _duration = _meter.CreateHistogram<double>("archive.dicom.operation.duration", "s", "Time from a DIMSE request (its dataset received) to its final response, by service.");
    }

    /// <summary>Publishes the number of open associations of a listener. Call once per listener.</summary>
    public void ObserveActiveAssociations(Func<int> active)
    {
        ArgumentNullException.ThrowIfNull(active);
        _meter.CreateObservableGauge("archive.dicom.associations.active", active, "{association}", "DICOM associations open now.");
    }

    /// <summary>Publishes the storage commitment journal's backlog (<see cref="CommitmentBacklog"/>) as the handler's last pass read it. Call once.</summary>
    public void ObserveCommitments(Func<CommitmentBacklog> backlog, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(backlog);
        ArgumentNullException.ThrowIfNull(time);
        _meter.CreateObservableGauge("archive.dicom.commitment.pending", () => backlog().Pending, "{transaction}", "Storage commitment transactions journaled and not yet reported (being checked, or their report waiting for a retry).");
        _meter.CreateObservableGauge("archive.dicom.commitment.reports.failing", () => backlog().ReportsFailing, "{transaction}", "Storage commitment transactions whose report could not be delivered yet (the requestor unreachable, refusing, or without a configured address); retried with back-off.");
        _meter.CreateObservableGauge(
            "archive.dicom.commitment.oldest.failing.age",
            () => backlog().OldestFailingReceivedAt is { } at ? [new Measurement<double>(NodeMetrics.AgeSeconds(time.GetUtcNow(), at))] : Array.Empty<Measurement<double>>(),
            "s",
            "Seconds since the oldest transaction whose report is still failing was asked for (absent when none is).");
    }

    internal void AssociationAccepted(string callingAe) => _associations.Add(1, new KeyValuePair<string, object?>("calling_ae", callingAe));

    internal void Received(string service, string callingAe, long bytes)
    {
        if (bytes > 0)
        {
            _receivedBytes.Add(bytes, new TagList { { "service", service }, { "calling_ae", callingAe } });
        }
    }

    internal void Sent(string service, string callingAe, long bytes)
    {
        if (bytes > 0)
        {
            _sentBytes.Add(bytes, new TagList { { "service", service }, { "calling_ae", callingAe } });
        }
    }

    internal void Answered(string service, string callingAe, DimseStatus? status, TimeSpan elapsed)
    {
        _operations.Add(1, new TagList { { "service", service }, { "calling_ae", callingAe }, { "status", StatusClass(status) } });
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("service", service));
    }

    /// <summary>The service label of a request (C-STORE, C-FIND, C-MOVE, C-GET, C-ECHO, N-ACTION, N-EVENT-REPORT…).</summary>
    public static string ServiceOf(DimseCommandField field) => field switch
    {
        DimseCommandField.CStoreRequest => "C-STORE",
        DimseCommandField.CFindRequest => "C-FIND",
        DimseCommandField.CMoveRequest => "C-MOVE",
        DimseCommandField.CGetRequest => "C-GET",
        DimseCommandField.CEchoRequest => "C-ECHO",
        DimseCommandField.NActionRequest => "N-ACTION",
        DimseCommandField.NEventReportRequest => "N-EVENT-REPORT",
        _ => "other",
    };

    private static string StatusClass(DimseStatus? status) => status?.Category switch
    {
        null => "none",
        DimseStatusCategory.Success => "success",
        DimseStatusCategory.Warning => "warning",
        DimseStatusCategory.Cancel => "cancel",
        _ => "failure",
    };
}
