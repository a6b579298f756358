namespace Archive.Dicom.Network.Association;

/// <summary>An accepted presentation context: id, abstract syntax, the one transfer syntax chosen, and the roles the requestor may take.</summary>
/// <param name="RequestorIsScu">The association requestor may invoke operations of this SOP class (the default role).</param>
/// <param name="RequestorIsScp">The association requestor may perform them (e.g. C-STORE sub-operations of a C-GET).</param>
public sealed record PresentationContext(byte Id, string AbstractSyntax, string TransferSyntax, bool RequestorIsScu = true, bool RequestorIsScp = false);
