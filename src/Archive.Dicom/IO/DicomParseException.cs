using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>
/// The only exception the reader throws for bad input: a reason, the byte offset where parsing
/// stopped (from the start of the file; for deflated syntaxes, offsets past the meta count inflated
/// bytes) and the tag being read, when known.
/// </summary>
public sealed class DicomParseException : Exception
{
    /// <summary>Creates the exception; the message is built from the parts.</summary>
    public DicomParseException(DicomParseError error, long offset, DicomTag? tag, string detail, Exception? inner = null)
        : base(Format(error, offset, tag, detail), inner)
    {
        Error = error;
        Offset = offset;
        Tag = tag;
    }

    public DicomParseException()
        : this(DicomParseError.NotDicom, 0, null, "unspecified")
    {
    }

    public DicomParseException(string message)
        : base(message)
    {
    }

    public DicomParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The reason.</summary>
    public DicomParseError Error { get; }

    /// <summary>Byte offset of the element or item header where the problem was found.</summary>
    public long Offset { get; }

    /// <summary>The tag of the element being read, when known.</summary>
    public DicomTag? Tag { get; }

    private static string Format(DicomParseError error, long offset, DicomTag? tag, string detail) =>
        tag is { } t ? $"{error} at offset {offset}, tag {t}: {detail}" : $"{error} at offset {offset}: {detail}";
}
