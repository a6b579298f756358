using Archive.Dicom.Dictionary;
using Archive.Dicom.IO;

namespace Archive.Cli.Commands.Import;

/// <summary>Reads the file references of a DICOMDIR (PS3.10 §7.3, PS3.3 F.3): every directory record with a Referenced File ID.</summary>
internal static class DicomDirIndex
{
    /// <summary>A DICOMDIR larger than this is not an index we trust (a CD's holds thousands of records in a few MB).</summary>
    public const long MaxLength = 256L * 1024 * 1024;

    /// <summary>The references of the DICOMDIR at <paramref name="path"/>, in record order; throws <see cref="DicomParseException"/> or <see cref="InvalidDataException"/> when it cannot be read as one.</summary>
    public static async Task<IReadOnlyList<DicomDirReference>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var options = DicomReaderOptions.Default with { MaxElementLength = MaxLength };
        if (new FileInfo(path).Length > MaxLength)
        {
            throw new InvalidDataException($"DICOMDIR over {MaxLength} bytes");
        }

        var dataset = (await DicomFileReader.ReadFileAsync(path, options, cancellationToken)).File.Dataset;
        var records = dataset.GetSequence(DicomTags.DirectoryRecordSequence) ?? throw new InvalidDataException("no Directory Record Sequence (0004,1220)");
        var references = new List<DicomDirReference>();
        foreach (var item in records.Items)
        {
            var fileId = item.Dataset.GetText(DicomTags.ReferencedFileID);
            if (string.IsNullOrWhiteSpace(fileId))
            {
                continue;
            }

            var components = fileId.Split('\\').Select(c => c.Trim()).ToArray();
            var uid = item.Dataset.GetText(DicomTags.ReferencedSOPInstanceUIDInFile)?.Trim();
            references.Add(new DicomDirReference(components, string.IsNullOrEmpty(uid) ? null : uid));
        }

        return references;
    }
}
