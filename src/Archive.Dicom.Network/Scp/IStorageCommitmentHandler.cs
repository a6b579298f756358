using Archive.Dicom.Network.Dimse;

namespace Archive.Dicom.Network.Scp;

/// <summary>Storage Commitment Push Model SCP.</summary>
public interface IStorageCommitmentHandler
{
    /// <summary>
    /// Accepts a commitment request. Success means only "received"; the handler reports the outcome later with
    /// <see cref="StorageCommitmentRequest.Reporter"/> once every instance is durable (or failed).
    /// </summary>
    ValueTask<DimseResult> RequestAsync(StorageCommitmentRequest request, CancellationToken cancellationToken);
}
