using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;
using Archive.Node.Diagnostics;

namespace Archive.Node.Dicom;

/// <summary>
/// Decorates the C-MOVE/C-GET handler with <see cref="DicomMetrics"/>: each resolved instance counts
/// its dataset bytes as sent when its C-STORE sub-operation opens it (the stored length; a transcoded
/// sub-operation differs by a few header bytes). The opened stream is handed on unwrapped, so the
/// network layer keeps its fast path for file streams.
/// </summary>
public sealed class MeteredRetrieveHandler(IRetrieveHandler inner, DicomMetrics metrics, CallingAeLabels labels) : IRetrieveHandler
{
    public async ValueTask<RetrieveResolution> ResolveAsync(QueryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var resolution = await inner.ResolveAsync(request, cancellationToken).ConfigureAwait(false);
        if (resolution.Instances.Count == 0)
        {
            return resolution;
        }

        var service = ServiceUids.GetModels.Contains(request.SopClassUid) ? "C-GET" : "C-MOVE";
        var callingAe = labels.Of(request.Association.CallingAeTitle);
        var metered = resolution.Instances.Select(i => (IRetrieveInstance)new MeteredInstance(i, metrics, service, callingAe)).ToArray();
        return resolution with { Instances = metered };
    }

    public void Finished(QueryRequest request, RetrieveOutcome outcome) => inner.Finished(request, outcome);

    private sealed class MeteredInstance(IRetrieveInstance inner, DicomMetrics metrics, string service, string callingAe) : IRetrieveInstance
    {
        public string SopClassUid => inner.SopClassUid;

        public string SopInstanceUid => inner.SopInstanceUid;

        public string TransferSyntaxUid => inner.TransferSyntaxUid;

        public long Length => inner.Length;

        public async ValueTask<Stream> OpenAsync(CancellationToken cancellationToken)
        {
            var stream = await inner.OpenAsync(cancellationToken).ConfigureAwait(false);
            metrics.Sent(service, callingAe, inner.Length);
            return stream;
        }
    }
}
