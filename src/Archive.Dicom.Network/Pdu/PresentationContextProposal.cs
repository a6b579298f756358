namespace Archive.Dicom.Network.Pdu;

/// <summary>A presentation context item of the A-ASSOCIATE-RQ: an odd id, one abstract syntax, the transfer syntaxes proposed in order.</summary>
public sealed record PresentationContextProposal(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes);
