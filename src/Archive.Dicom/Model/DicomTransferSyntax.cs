using System.Diagnostics.CodeAnalysis;
using Archive.Dicom.Uids;

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
        new("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, false, false) { IsRetired = true };

    /// <summary>Retired by the standard (still readable: old modalities and archives keep sending them).</summary>
    public bool IsRetired { get; init; }

    /// <summary>False only for the placeholder <see cref="Lookup"/> builds for a UID it does not know.</summary>
    public bool IsKnown { get; init; } = true;

    /// <summary>Every standard transfer syntax of PS3.6 Table A-1, retired ones included.</summary>
    public static IReadOnlyList<DicomTransferSyntax> All => TransferSyntaxCatalog.All;

    /// <summary>
    /// Finds a standard transfer syntax by UID (trailing NUL/space padding is ignored). False for
    /// an unknown or private UID; never throws.
    /// </summary>
    public static bool TryLookup(string? uid, [NotNullWhen(true)] out DicomTransferSyntax? transferSyntax)
    {
        transferSyntax = null;
        if (uid is null)
        {
            return false;
        }

        return TransferSyntaxCatalog.ByUid.TryGetValue(uid.TrimEnd('\0', ' '), out transferSyntax);
    }

    /// <summary>
    /// The transfer syntax for <paramref name="uid"/>. An unknown UID gets a placeholder with
    /// <see cref="IsKnown"/> false that is Explicit VR Little Endian with encapsulated Pixel Data —
    /// what PS3.5 §10 requires of every transfer syntax other than the native ones — so a reader
    /// can still walk the dataset; <see cref="IsLossy"/> is false because nothing is known. Use
    /// <see cref="TryLookup"/> to refuse unknown syntaxes instead.
    /// </summary>
    public static DicomTransferSyntax Lookup(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        return TryLookup(uid, out var ts)
            ? ts
            : new DicomTransferSyntax(uid.TrimEnd('\0', ' '), "Unknown Transfer Syntax", true, false, false, true, false) { IsKnown = false };
    }

    /// <summary>Same as <see cref="Lookup"/>.</summary>
    public static DicomTransferSyntax FromUid(string uid) => Lookup(uid);

    /// <summary>
    /// Parses what an operator types: a UID, the standard name ("JPEG 2000 Image Compression"), the
    /// name without spaces and punctuation, or the PS3.6 keyword ("JPEG2000Lossless",
    /// "ExplicitVRLittleEndian"); case-insensitive. False when nothing matches.
    /// </summary>
    public static bool TryParse(string? uidOrName, [NotNullWhen(true)] out DicomTransferSyntax? transferSyntax)
    {
        transferSyntax = null;
        if (string.IsNullOrWhiteSpace(uidOrName))
        {
            return false;
        }

        var text = uidOrName.Trim();
        return TryLookup(text, out transferSyntax)
            || TransferSyntaxCatalog.ByName.TryGetValue(text, out transferSyntax)
            || TransferSyntaxCatalog.ByName.TryGetValue(TransferSyntaxCatalog.Compact(text), out transferSyntax);
    }

    /// <summary>The uncompressed syntaxes we can transcode between (big endian is read-only).</summary>
    public bool IsUncompressed => !IsEncapsulated && !IsDeflated;

    public override string ToString() => Name;
}
