using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;
using Archive.Node.Diagnostics;

namespace Archive.Node.Dicom;

/// <summary>
/// Decorates the C-MOVE/C-GET handler with <see cref="DicomMetrics"/>: each C-STORE sub-operation counts its dataset
/// bytes as sent when it starts going out (after any transcoding). Instances fetched ahead and never sent (a cancel, a
/// destination without a context for them) count nothing (sweep M: they were counted when opened).
/// </summary>
public sealed class MeteredRetrieveHandler(IRetrieveHandler inner, DicomMetrics metrics, CallingAeLabels labels) : IRetrieveHandler
{
    public ValueTask<RetrieveResolution> ResolveAsync(QueryRequest request, CancellationToken cancellationToken) => inner.ResolveAsync(request, cancellationToken);

    public void Finished(QueryRequest request, RetrieveOutcome outcome) => inner.Finished(request, outcome);

    public void Sending(QueryRequest request, IRetrieveInstance instance, long length)
    {
        ArgumentNullException.ThrowIfNull(request);
        var service = ServiceUids.GetModels.Contains(request.SopClassUid) ? "C-GET" : "C-MOVE";
        metrics.Sent(service, labels.Of(request.Association.CallingAeTitle), length);
        inner.Sending(request, instance, length);
    }
}
