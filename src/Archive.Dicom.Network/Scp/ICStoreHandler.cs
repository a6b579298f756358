using Archive.Dicom.Network.Dimse;

namespace Archive.Dicom.Network.Scp;

/// <summary>Storage SCP (C-STORE): gives, per request, the operation its dataset streams into.</summary>
public interface ICStoreHandler
{
    /// <summary>
    /// Called when the C-STORE-RQ command arrives, before any dataset byte. The returned operation receives every
    /// fragment, then <see cref="IStoreOperation.CompleteAsync"/> decides the status; it is always disposed.
    /// </summary>
    ValueTask<IStoreOperation> BeginStoreAsync(CStoreRequest request, CancellationToken cancellationToken);
}
