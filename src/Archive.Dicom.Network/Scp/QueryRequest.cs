using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Dimse;

namespace Archive.Dicom.Network.Scp;

/// <summary>A C-FIND, C-MOVE or C-GET request: the information model and the identifier, encoded in <see cref="TransferSyntaxUid"/>.</summary>
public sealed record QueryRequest(
    AssociationInfo Association,
    string SopClassUid,
    string TransferSyntaxUid,
    ReadOnlyMemory<byte> Identifier,
    DimsePriority Priority,
    string? MoveDestination = null);
