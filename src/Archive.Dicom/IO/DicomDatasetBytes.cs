using System.Buffers;
using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>
/// A bare dataset (no preamble, no meta: a DIMSE identifier or command payload) to and from
/// bytes in a given transfer syntax. For small datasets held in memory; files go through
/// <see cref="DicomFileReader"/> and <see cref="DicomFileWriter"/>.
/// </summary>
public static class DicomDatasetBytes
{
    /// <summary>Parses the whole buffer; throws <see cref="DicomParseException"/> on malformed or truncated input.</summary>
    public static DicomDataset Decode(ReadOnlyMemory<byte> bytes, DicomTransferSyntax syntax, DicomReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        var root = new DicomDataset();
        var parser = new DicomDatasetParser(root, syntax, options ?? DicomReaderOptions.Default);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        var status = parser.Parse(ref reader, isFinalBlock: true);
        if (status == DicomParseStatus.NeedMoreData)
        {
            throw new DicomParseException(DicomParseError.Truncated, parser.Offset, null, "dataset ends inside an element");
        }

        return root;
    }

    /// <summary>Encodes <paramref name="dataset"/> in <paramref name="syntax"/>.</summary>
    public static byte[] Encode(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        DicomDatasetWriter.Write(buffer, dataset, syntax);
        return buffer.WrittenSpan.ToArray();
    }
}
