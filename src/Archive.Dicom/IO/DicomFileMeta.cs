using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>
/// Builds the File Meta Information a file is written with. An existing meta is kept element for
/// element when the syntax is unchanged (so round trips are exact); otherwise the Transfer Syntax
/// UID and our Implementation Class UID / Version Name are set. A missing meta is created from the
/// dataset's SOP Class and Instance UIDs. Stateless.
/// </summary>
public static class DicomFileMeta
{
    /// <summary>(0002,0000) File Meta Information Group Length.</summary>
    public static readonly DicomTag GroupLength = new(0x0002, 0x0000);

    /// <summary>(0002,0001) File Meta Information Version.</summary>
    public static readonly DicomTag Version = new(0x0002, 0x0001);

    /// <summary>(0002,0002) Media Storage SOP Class UID.</summary>
    public static readonly DicomTag MediaStorageSopClassUid = new(0x0002, 0x0002);

    /// <summary>(0002,0003) Media Storage SOP Instance UID.</summary>
    public static readonly DicomTag MediaStorageSopInstanceUid = new(0x0002, 0x0003);

    /// <summary>(0002,0012) Implementation Class UID.</summary>
    public static readonly DicomTag ImplementationClassUid = new(0x0002, 0x0012);

    /// <summary>(0002,0013) Implementation Version Name.</summary>
    public static readonly DicomTag ImplementationVersionName = new(0x0002, 0x0013);

    private static readonly DicomTag SopClassUid = new(0x0008, 0x0016);
    private static readonly DicomTag SopInstanceUid = new(0x0008, 0x0018);

    /// <summary>The meta to write <paramref name="file"/> in <paramref name="target"/>; never modifies the file.</summary>
    public static DicomDataset Prepare(DicomFile file, DicomTransferSyntax target)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(target);
        if (file.FileMetaInformation.Count == 0)
        {
            return Create(file.Dataset.GetText(SopClassUid) ?? string.Empty, file.Dataset.GetText(SopInstanceUid) ?? string.Empty, target);
        }

        var meta = file.FileMetaInformation.ShallowClone();
        meta.TryAdd(new DicomValueElement(GroupLength, DicomVR.UL, new byte[4]));
        var current = meta.GetText(DicomFile.TransferSyntaxUidTag);
        if (current != target.Uid)
        {
            meta.AddOrReplace(DicomValueElement.FromUid(DicomFile.TransferSyntaxUidTag, target.Uid));
            meta.AddOrReplace(DicomValueElement.FromUid(ImplementationClassUid, DicomImplementation.ClassUid));
            meta.AddOrReplace(DicomValueElement.FromAscii(ImplementationVersionName, DicomVR.SH, DicomImplementation.VersionName));
        }

        return meta;
    }

    /// <summary>A fresh meta for an instance written by us.</summary>
    public static DicomDataset Create(string sopClassUid, string sopInstanceUid, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        var meta = new DicomDataset();
        meta.Add(new DicomValueElement(GroupLength, DicomVR.UL, new byte[4]));
        meta.Add(new DicomValueElement(Version, DicomVR.OB, new byte[] { 0x00, 0x01 }));
        meta.Add(DicomValueElement.FromUid(MediaStorageSopClassUid, sopClassUid));
        meta.Add(DicomValueElement.FromUid(MediaStorageSopInstanceUid, sopInstanceUid));
        meta.Add(DicomValueElement.FromUid(DicomFile.TransferSyntaxUidTag, syntax.Uid));
        meta.Add(DicomValueElement.FromUid(ImplementationClassUid, DicomImplementation.ClassUid));
        meta.Add(DicomValueElement.FromAscii(ImplementationVersionName, DicomVR.SH, DicomImplementation.VersionName));
        return meta;
    }
}
