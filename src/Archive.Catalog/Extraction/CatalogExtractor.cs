using Archive.Catalog.Model;
using Archive.Dicom.Model;

namespace Archive.Catalog.Extraction;

/// <summary>
/// Builds the <see cref="CatalogRecord"/> of an instance from its header (a header-only parse is
/// enough: nothing after Pixel Data is needed). Text is decoded with the dataset's Specific
/// Character Set. The object's bytes are never changed: a missing Issuer of Patient ID is filled
/// in the record only, from the sending AE's configuration.
/// </summary>
public static class CatalogExtractor
{
    /// <summary>Longest text value kept; longer values (free text) are cut, never refused.</summary>
    public const int MaxValueLength = 1024;

    /// <summary>Most items kept per sequence.</summary>
    public const int MaxItems = 16;

    public static CatalogRecord Extract(DicomDataset dataset, string site, string? defaultIssuerOfPatientId, string transferSyntaxUid, long length)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var values = new Dictionary<DicomTag, string>();
        var sequences = new Dictionary<DicomTag, IReadOnlyList<IReadOnlyDictionary<DicomTag, string>>>();
        foreach (var attribute in CatalogSchema.Stored)
        {
            if (attribute.VR == DicomVR.SQ)
            {
                if (dataset.GetSequence(attribute.Tag) is { Items.Count: > 0 } sequence)
                {
                    sequences[attribute.Tag] = sequence.Items.Take(MaxItems).Select(item => (IReadOnlyDictionary<DicomTag, string>)TextOf(item.Dataset)).ToArray();
                }

                continue;
            }

            if (ValueOf(dataset, attribute) is { Length: > 0 } text)
            {
                values[attribute.Tag] = text;
            }
        }

        if (!values.ContainsKey(CatalogSchema.IssuerOfPatientId) && !string.IsNullOrEmpty(defaultIssuerOfPatientId))
        {
            values[CatalogSchema.IssuerOfPatientId] = defaultIssuerOfPatientId;
        }

        return new CatalogRecord(site, transferSyntaxUid, length, values, sequences);
    }

    private static string? ValueOf(DicomDataset dataset, CatalogAttribute attribute)
    {
        if (attribute.VR == DicomVR.US)
        {
            return dataset.TryGetUInt16(attribute.Tag, out var number) ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        }

        var text = dataset.GetText(attribute.Tag)?.Trim();
        return text is { Length: > MaxValueLength } ? text[..MaxValueLength] : text;
    }

    private static Dictionary<DicomTag, string> TextOf(DicomDataset item)
    {
        var values = new Dictionary<DicomTag, string>();
        foreach (var element in item)
        {
            if (DicomVRInfo.IsString(element.VR) && item.GetText(element.Tag)?.Trim() is { Length: > 0 } text)
            {
                values[element.Tag] = text.Length > MaxValueLength ? text[..MaxValueLength] : text;
            }
        }

        return values;
    }
}
