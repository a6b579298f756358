namespace Archive.Dicom.Network.Pdu;

/// <summary>A presentation context item of the A-ASSOCIATE-AC. <paramref name="TransferSyntax"/> is meaningful only on acceptance.</summary>
public sealed record PresentationContextResult(byte Id, PresentationContextOutcome Outcome, string TransferSyntax)
{
    /// <summary>True when the context was accepted.</summary>
    public bool IsAccepted => Outcome == PresentationContextOutcome.Acceptance;
}
