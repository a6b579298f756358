namespace Archive.Dicom.Network.Scp;

/// <summary>Retrieve SCP (C-MOVE and C-GET): resolves an identifier to instances; the network layer performs the sub-operations.</summary>
public interface IRetrieveHandler
{
    ValueTask<RetrieveResolution> ResolveAsync(QueryRequest request, CancellationToken cancellationToken);
}
