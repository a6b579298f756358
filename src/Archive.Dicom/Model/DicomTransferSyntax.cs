namespace Archive.Dicom.Model;

/// <summary>
/// How a dataset is encoded on the wire or in a file: VR explicit or implicit, byte order,
/// deflate, and whether Pixel Data is encapsulated (compressed). Immutable.
/// </summary>
public sealed record DicomTransferSyntax(
    string Uid,
    string Name,
    bool IsExplicitVR,
    bool IsBigEndian,
    bool IsDeflated,
    bool IsEncapsulated,
    bool IsLossy)
{
    public static readonly DicomTransferSyntax ImplicitVRLittleEndian =
        new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false, false);

    public static readonly DicomTransferSyntax ExplicitVRLittleEndian =
        new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false, false);

    public static readonly DicomTransferSyntax DeflatedExplicitVRLittleEndian =
        new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false, false);

    /// <summary>Retired, but still arrives from old modalities; read only.</summary>
    public static readonly DicomTransferSyntax ExplicitVRBigEndian =
        new("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, false, false);

    /// <summary>The uncompressed syntaxes we can transcode between (big endian is read-only).</summary>
    public bool IsUncompressed => !IsEncapsulated && !IsDeflated;

    public override string ToString() => Name;
}
