using Archive.Dicom.Network.Dimse;

namespace Archive.Dicom.Network.Scp;

/// <summary>Verification SCP (C-ECHO). The default answers success.</summary>
public interface ICEchoHandler
{
    ValueTask<DimseResult> EchoAsync(DimseRequest request, CancellationToken cancellationToken);
}
