using Archive.Dicom.Network.Pdu;

namespace Archive.Dicom.Network.Association;

/// <summary>
/// The user of an <see cref="AssociationEngine"/> (the DIMSE layer): receives PDVs in order from the engine's
/// single reader loop. Calls are never concurrent with each other.
/// </summary>
public interface IPresentationDataHandler
{
    /// <summary>
    /// One PDV of an accepted presentation context. <see cref="Pdv.Data"/> borrows the receive buffer and is valid
    /// only until the returned task completes. Throwing <see cref="DicomProtocolException"/> aborts the association.
    /// </summary>
    ValueTask OnPdvAsync(Pdv pdv, CancellationToken cancellationToken);

    /// <summary>The peer asked to release; complete when no operation is outstanding, then the A-RELEASE-RP is sent.</summary>
    ValueTask OnReleaseRequestedAsync(CancellationToken cancellationToken);

    /// <summary>
    /// True while an operation is outstanding (a request being processed, or a response awaited): the idle timer then
    /// does not abort a quiet association, because the silence is ours or expected. Read from the timer path.
    /// </summary>
    bool HasOutstandingWork { get; }

    /// <summary>The association ended: null after an orderly release, otherwise why it did not. Called once.</summary>
    void OnClosed(AssociationFailure? failure);
}
