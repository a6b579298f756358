using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Dimse;

namespace Archive.Dicom.Network.Scp;

/// <summary>What a C-STORE-RQ announces before its dataset arrives. The dataset is encoded in <see cref="TransferSyntaxUid"/>, without a Part 10 meta header.</summary>
public sealed record CStoreRequest(
    AssociationInfo Association,
    string SopClassUid,
    string SopInstanceUid,
    string TransferSyntaxUid,
    DimsePriority Priority,
    string? MoveOriginatorAeTitle,
    ushort? MoveOriginatorMessageId);
