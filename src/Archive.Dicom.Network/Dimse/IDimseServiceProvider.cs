namespace Archive.Dicom.Network.Dimse;

/// <summary>
/// The SCP side of a <see cref="DimseSession"/>: what to do with requests the peer sends. Requests are handled one
/// at a time per association, in arrival order; C-CANCEL is delivered through the cancellation token.
/// </summary>
public interface IDimseServiceProvider
{
    /// <summary>A C-STORE-RQ command arrived; returns the operation that receives its dataset.</summary>
    ValueTask<IStoreOperation> BeginStoreAsync(DimseRequest request, CancellationToken cancellationToken);

    /// <summary>Handles one complete request and sends its response(s) through <paramref name="responder"/>.</summary>
    ValueTask HandleAsync(DimseRequest request, DimseResponder responder, CancellationToken cancellationToken);
}
