using Archive.Dicom.Network.Dimse;

namespace Archive.Dicom.Network.Scp;

/// <summary>Receives N-EVENT-REPORT requests (the SCU side of storage commitment gets its results this way).</summary>
public interface INEventReportHandler
{
    ValueTask<DimseResult> EventReportAsync(DimseRequest request, CancellationToken cancellationToken);
}
