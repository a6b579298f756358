using Archive.Dicom.Network.Association;

namespace Archive.Dicom.Network.Scp;

/// <summary>
/// An N-ACTION storage commitment request (action type 1). <see cref="ActionInformation"/> (Transaction UID,
/// Referenced SOP Sequence) is encoded in <see cref="TransferSyntaxUid"/>. The result goes back later through
/// <see cref="Reporter"/>.
/// </summary>
public sealed record StorageCommitmentRequest(AssociationInfo Association, string TransferSyntaxUid, ReadOnlyMemory<byte> ActionInformation, StorageCommitmentReporter Reporter);
