using System.Buffers;
using System.Buffers.Binary;
using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>
/// The Part 10 wrapping of a dataset received over the network (PS3.10 §7): 128-byte preamble,
/// "DICM", then File Meta Information in explicit VR little endian with its group length. The
/// dataset bytes follow unchanged, so a received object is kept exactly and can be sent back
/// exactly by skipping <see cref="DatasetOffset"/> bytes.
/// </summary>
public static class DicomPart10Envelope
{
    /// <summary>(0002,0016) Source Application Entity Title.</summary>
    public static readonly DicomTag SourceApplicationEntityTitle = new(0x0002, 0x0016);

    /// <summary>Writes preamble, magic and meta for a dataset of <paramref name="syntax"/>.</summary>
    public static void WriteHeader(IBufferWriter<byte> destination, string sopClassUid, string sopInstanceUid, DicomTransferSyntax syntax, string? sourceAeTitle = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(new byte[DicomFile.PreambleLength]);
        destination.Write("DICM"u8);
        var meta = DicomFileMeta.Create(sopClassUid, sopInstanceUid, syntax);
        if (!string.IsNullOrWhiteSpace(sourceAeTitle))
        {
            meta.AddOrReplaceText(SourceApplicationEntityTitle, DicomVR.AE, sourceAeTitle.Trim()); // the writer recomputes the group length
        }

        DicomDatasetWriter.Write(destination, meta, DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    /// <summary>The header bytes for a dataset of <paramref name="syntax"/>.</summary>
    public static byte[] Header(string sopClassUid, string sopInstanceUid, DicomTransferSyntax syntax, string? sourceAeTitle = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteHeader(buffer, sopClassUid, sopInstanceUid, syntax, sourceAeTitle);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Where the dataset starts in a Part 10 object whose first bytes are <paramref name="head"/>
    /// (at least 144 bytes, or the whole object when shorter): after the meta group, whose length
    /// (0002,0000) comes first. 0 when the object has no preamble and meta (a bare dataset).
    /// </summary>
    public static bool TryGetDatasetOffset(ReadOnlySpan<byte> head, out long offset)
    {
        offset = 0;
        if (head.Length < 132 || !head.Slice(128, 4).SequenceEqual("DICM"u8))
        {
            return true; // no preamble: a bare dataset starts at 0
        }

        // (0002,0000) UL, explicit VR little endian: tag 4 + "UL" 2 + length 2 + value 4.
        if (head.Length < 144 || BinaryPrimitives.ReadUInt32LittleEndian(head.Slice(132, 4)) != 0x0000_0002 || head[136] != 'U' || head[137] != 'L')
        {
            return false;
        }

        offset = 144L + BinaryPrimitives.ReadUInt32LittleEndian(head.Slice(140, 4));
        return true;
    }
}
