using System.Collections.Frozen;
using Archive.Dicom.Model;

namespace Archive.Dicom.Uids;

/// <summary>
/// Every standard transfer syntax of PS3.6 Table A-1 with the encoding facts PS3.5 §10 and
/// Annex A give for it. The flags are hand-curated (PS3.6 lists names, not encodings); a test
/// checks that every transfer syntax UID in the generated DicomUidRegistry is
/// listed here with the same name, so a regenerated registry cannot silently outgrow this table.
/// Immutable and thread-safe.
/// </summary>
internal static class TransferSyntaxCatalog
{
    private const bool Explicit = true;
    private const bool Implicit = false;
    private const bool Big = true;
    private const bool Little = false;
    private const bool Deflate = true;
    private const bool Plain = false;
    private const bool Encapsulated = true;
    private const bool Native = false;
    private const bool Lossy = true;
    private const bool Lossless = false;

    /// <summary>All known transfer syntaxes, in UID order of the standard's table.</summary>
    public static readonly IReadOnlyList<DicomTransferSyntax> All = Build();

    /// <summary>Lookup by UID (ordinal).</summary>
    public static readonly FrozenDictionary<string, DicomTransferSyntax> ByUid =
        All.ToFrozenDictionary(ts => ts.Uid, StringComparer.Ordinal);

    /// <summary>Lookup by name or by name with spaces and punctuation removed (case-insensitive).</summary>
    public static readonly FrozenDictionary<string, DicomTransferSyntax> ByName = BuildNames();

    private static DicomTransferSyntax[] Build()
    {
        // Compressed and video syntaxes are all Explicit VR Little Endian with encapsulated Pixel Data (PS3.5 §10, A.4).
        static DicomTransferSyntax Enc(string uid, string name, bool lossy, bool retired = false) =>
            new(uid, name, Explicit, Little, Plain, Encapsulated, lossy) { IsRetired = retired };

        return
        [
            DicomTransferSyntax.ImplicitVRLittleEndian,
            DicomTransferSyntax.ExplicitVRLittleEndian,
            Enc("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian", Lossless),
            DicomTransferSyntax.DeflatedExplicitVRLittleEndian,
            DicomTransferSyntax.ExplicitVRBigEndian,
            Enc("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", Lossy),
            Enc("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", Lossy),
            Enc("1.2.840.10008.1.2.4.52", "JPEG Extended (Process 3 & 5)", Lossy, retired: true),
            Enc("1.2.840.10008.1.2.4.53", "JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8)", Lossy, retired: true),
            Enc("1.2.840.10008.1.2.4.54", "JPEG Spectral Selection, Non-Hierarchical (Process 7 & 9)", Lossy, retired: true),
            Enc("1.2.840.10008.1.2.4.55", "JPEG Full Progression, Non-Hierarchical (Process 10 & 12)", Lossy, retired: true),
            Enc("1.2.840.10008.1.2.4.56", "JPEG Full Progression, Non-Hierarchical (Process 11 & 13)", Lossy, retired: true),
            Enc("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", Lossless),
            Enc("1.2.840.10008.1.2.4.58", "JPEG Lossless, Non-Hierarchical (Process 15)", Lossless, retired: true),
            Enc("1.2.840.10008.1.2.4.59", "JPEG Extended, Hierarchical (Process 16 & 18)", Lossy, retired: true),
            Enc("1.2.840.10008.1.2.4.60", "JPEG Extended, Hierarchical (Process 17 & 19)", Lossy, retired: true),
            Enc("1.2.840.10008.1.2.4.61", "JPEG Spectral Selection, Hierarchical (Process 20 & 22)", Lossy, retired: true),
            Enc("1.2.840.10008.1.2.4.62", "JPEG Spectral Selection, Hierarchical (Process 21 & 23)", Lossy, retired: true),
            Enc("1.2.840.10008.1.2.4.63", "JPEG Full Progression, Hierarchical (Process 24 & 26)", Lossy, retired: true),
            Enc("1.2.840.10008.1.2.4.64", "JPEG Full Progression, Hierarchical (Process 25 & 27)", Lossy, retired: true),
            Enc("1.2.840.10008.1.2.4.65", "JPEG Lossless, Hierarchical (Process 28)", Lossless, retired: true),
            Enc("1.2.840.10008.1.2.4.66", "JPEG Lossless, Hierarchical (Process 29)", Lossless, retired: true),
            Enc("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])", Lossless),
            Enc("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression", Lossless),
            Enc("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression", Lossy),
            Enc("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", Lossless),
            Enc("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", Lossy),
            Enc("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)", Lossless),
            Enc("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression", Lossy),
            // JPIP: Pixel Data is replaced by a Pixel Data Provider URL; the dataset is native explicit LE (deflated for .95/.205).
            new("1.2.840.10008.1.2.4.94", "JPIP Referenced", Explicit, Little, Plain, Native, Lossy),
            new("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate", Explicit, Little, Deflate, Native, Lossy),
            Enc("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", Lossy),
            Enc("1.2.840.10008.1.2.4.100.1", "Fragmentable MPEG2 Main Profile / Main Level", Lossy),
            Enc("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level", Lossy),
            Enc("1.2.840.10008.1.2.4.101.1", "Fragmentable MPEG2 Main Profile / High Level", Lossy),
            Enc("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1", Lossy),
            Enc("1.2.840.10008.1.2.4.102.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.1", Lossy),
            Enc("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", Lossy),
            Enc("1.2.840.10008.1.2.4.103.1", "Fragmentable MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", Lossy),
            Enc("1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", Lossy),
            Enc("1.2.840.10008.1.2.4.104.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", Lossy),
            Enc("1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", Lossy),
            Enc("1.2.840.10008.1.2.4.105.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", Lossy),
            Enc("1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", Lossy),
            Enc("1.2.840.10008.1.2.4.106.1", "Fragmentable MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", Lossy),
            Enc("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1", Lossy),
            Enc("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1", Lossy),
            Enc("1.2.840.10008.1.2.4.110", "JPEG XL Lossless", Lossless),
            // JPEG XL recompression is a lossless re-encoding of a lossy JPEG: the pixels are lossy.
            Enc("1.2.840.10008.1.2.4.111", "JPEG XL JPEG Recompression", Lossy),
            Enc("1.2.840.10008.1.2.4.112", "JPEG XL", Lossy),
            Enc("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)", Lossless),
            Enc("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)", Lossless),
            Enc("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression", Lossy),
            new("1.2.840.10008.1.2.4.204", "JPIP HTJ2K Referenced", Explicit, Little, Plain, Native, Lossy),
            new("1.2.840.10008.1.2.4.205", "JPIP HTJ2K Referenced Deflate", Explicit, Little, Deflate, Native, Lossy),
            Enc("1.2.840.10008.1.2.5", "RLE Lossless", Lossless),
            Enc("1.2.840.10008.1.2.6.1", "RFC 2557 MIME encapsulation", Lossless, retired: true),
            Enc("1.2.840.10008.1.2.6.2", "XML Encoding", Lossless, retired: true),
            // DICOM-RTV (PS3.22) essences: not used in Part 10 files; the metadata is explicit LE.
            new("1.2.840.10008.1.2.7.1", "SMPTE ST 2110-20 Uncompressed Progressive Active Video", Explicit, Little, Plain, Native, Lossless),
            new("1.2.840.10008.1.2.7.2", "SMPTE ST 2110-20 Uncompressed Interlaced Active Video", Explicit, Little, Plain, Native, Lossless),
            new("1.2.840.10008.1.2.7.3", "SMPTE ST 2110-30 PCM Digital Audio", Explicit, Little, Plain, Native, Lossless),
            new("1.2.840.10008.1.20", "Papyrus 3 Implicit VR Little Endian", Implicit, Little, Plain, Native, Lossless) { IsRetired = true },
        ];
    }

    private static FrozenDictionary<string, DicomTransferSyntax> BuildNames()
    {
        var names = new Dictionary<string, DicomTransferSyntax>(StringComparer.OrdinalIgnoreCase);
        foreach (var ts in All)
        {
            names.TryAdd(ts.Name, ts);
            names.TryAdd(Compact(ts.Name), ts);
        }

        // Keywords of PS3.6 that differ from the compacted name.
        foreach (var (keyword, uid) in new[]
        {
            ("JPEGBaseline8Bit", "1.2.840.10008.1.2.4.50"),
            ("JPEGExtended12Bit", "1.2.840.10008.1.2.4.51"),
            ("JPEGLossless", "1.2.840.10008.1.2.4.57"),
            ("JPEGLosslessSV1", "1.2.840.10008.1.2.4.70"),
            ("JPEGLSLossless", "1.2.840.10008.1.2.4.80"),
            ("JPEGLSNearLossless", "1.2.840.10008.1.2.4.81"),
            ("JPEG2000Lossless", "1.2.840.10008.1.2.4.90"),
            ("JPEG2000", "1.2.840.10008.1.2.4.91"),
            ("HTJ2KLossless", "1.2.840.10008.1.2.4.201"),
            ("HTJ2KLosslessRPCL", "1.2.840.10008.1.2.4.202"),
            ("HTJ2K", "1.2.840.10008.1.2.4.203"),
            ("RLELossless", "1.2.840.10008.1.2.5"),
            ("ExplicitVRBigEndian", "1.2.840.10008.1.2.2"),
        })
        {
            names[keyword] = ByUid[uid];
        }

        return names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Removes everything but letters and digits: "JPEG-LS Lossless Image Compression" → "JPEGLSLosslessImageCompression".</summary>
    internal static string Compact(string name) => string.Concat(name.Where(char.IsAsciiLetterOrDigit));
}
