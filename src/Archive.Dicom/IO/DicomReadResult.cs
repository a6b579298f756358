using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>
/// What a read produced: the file (whole, or up to the stop tag for header-only reads) and, when
/// the read stopped early, where. Immutable apart from the datasets it hands over.
/// </summary>
public sealed record DicomReadResult(DicomFile File, bool Stopped, DicomTag? StoppedAt, long? StopOffset)
{
    /// <summary>
    /// Byte offset in the file of the Pixel Data element's header when a header-only read stopped
    /// there; null when the object has no Pixel Data or the dataset is deflated (offsets would be
    /// in inflated bytes).
    /// </summary>
    public long? PixelDataOffset => StoppedAt == DicomTag.PixelData ? StopOffset : null;
}
