using System.Globalization;
using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>Switches for <see cref="DicomJsonWriter"/>. Immutable.</summary>
public sealed record DicomJsonOptions
{
    /// <summary>Binary values longer than this many bytes are written as a BulkDataURI. Default 4 KiB.</summary>
    public int InlineBinaryLimit { get; init; } = 4096;

    /// <summary>Base URI of bulk data (e.g. the file's URI); the tag is appended as a fragment.</summary>
    public string BulkDataBaseUri { get; init; } = "bulkdata";

    /// <summary>Indent the output.</summary>
    public bool Indented { get; init; } = true;

    /// <summary>The BulkDataURI written for an element.</summary>
    public string BulkDataUri(DicomTag tag) => string.Create(CultureInfo.InvariantCulture, $"{BulkDataBaseUri}#{tag.Value:X8}");
}
