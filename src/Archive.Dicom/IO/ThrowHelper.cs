using System.Diagnostics.CodeAnalysis;
using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>Throws for the codec so the hot paths stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowParse(DicomParseError error, long offset, DicomTag? tag, string detail) =>
        throw new DicomParseException(error, offset, tag, detail);

    [DoesNotReturn]
    public static T ThrowParse<T>(DicomParseError error, long offset, DicomTag? tag, string detail) =>
        throw new DicomParseException(error, offset, tag, detail);
}
