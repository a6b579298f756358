namespace Archive.Dicom.Uids;

/// <summary>One registered UID of PS3.6 Annex A. Immutable.</summary>
/// <param name="Uid">The UID.</param>
/// <param name="Name">Its name ("CT Image Storage"); derived from the keyword where the source has no name.</param>
/// <param name="Keyword">Its keyword, also the name of the <see cref="DicomUids"/> constant.</param>
/// <param name="Type">What kind of UID it is.</param>
/// <param name="IsRetired">Retired by the standard.</param>
/// <param name="IsStorage">A Storage SOP Class: instances of it are sent with C-STORE.</param>
public sealed record DicomUidEntry(string Uid, string Name, string Keyword, DicomUidType Type, bool IsRetired, bool IsStorage);
