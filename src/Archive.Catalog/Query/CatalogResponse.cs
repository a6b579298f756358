using Archive.Catalog.Model;
using Archive.Dicom.Dictionary;
using Archive.Dicom.Model;

namespace Archive.Catalog.Query;

/// <summary>
/// Builds a C-FIND response identifier from a row: every key of the query, with the row's value or
/// empty (PS3.4 C.2.2.1.3), the Query/Retrieve Level, and Specific Character Set ISO_IR 192 when
/// any returned text is not plain ASCII (text is stored decoded, so any source charset answers).
/// </summary>
public static class CatalogResponse
{
    public static DicomDataset Build(CatalogRow row, CatalogQuery query)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(query);
        var response = new DicomDataset();
        var needsUtf8 = row.Values.Values.Any(v => !System.Text.Ascii.IsValid(v))
            || row.Sequences.Values.Any(items => items.Any(item => item.Values.Any(v => !System.Text.Ascii.IsValid(v))));
        if (needsUtf8)
        {
            response.AddOrReplaceText(CatalogSchema.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        }

        response.AddOrReplaceText(CatalogSchema.QueryRetrieveLevel, DicomVR.CS, CatalogLevels.Term(query.Level));
        foreach (var element in query.Identifier)
        {
            if (element.Tag == CatalogSchema.QueryRetrieveLevel || element.Tag == CatalogSchema.SpecificCharacterSet || element.Tag.IsGroupLength)
            {
                continue;
            }

            if (element is DicomSequence requested)
            {
                response.Add(SequenceOf(requested, row.Sequences.GetValueOrDefault(element.Tag), response));
                continue;
            }

            var vr = VROf(element);
            var value = CatalogSchema.Find(element.Tag) is { } attribute && attribute.Level <= query.Level ? row.Get(element.Tag) : null;
            if (DicomVRInfo.IsString(vr) || string.IsNullOrEmpty(value))
            {
                response.AddOrReplaceText(element.Tag, vr, value ?? string.Empty);
            }
            else
            {
                response.AddOrReplace(BinaryOf(element.Tag, vr, value));
            }
        }

        return response;
    }

    /// <summary>
    /// A binary-VR value (Rows, Columns: US) from the text the catalog keeps it as, encoded as its VR; an element of that
    /// VR with no value when the text does not parse as one.
    /// </summary>
    private static DicomValueElement BinaryOf(DicomTag tag, DicomVR vr, string text)
    {
        var values = text.Split('\\', StringSplitOptions.TrimEntries);
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return vr switch
        {
            DicomVR.US when Parse(values, v => (ushort.TryParse(v, invariant, out var n), n)) is { } numbers => DicomValueElement.FromUInt16(tag, numbers),
            DicomVR.UL when Parse(values, v => (uint.TryParse(v, invariant, out var n), n)) is { } numbers => DicomValueElement.FromUInt32(tag, numbers),
            DicomVR.FD when Parse(values, v => (double.TryParse(v, invariant, out var n), n)) is { } numbers => DicomValueElement.FromDouble(tag, numbers),
            _ => new DicomValueElement(tag, vr, ReadOnlyMemory<byte>.Empty),
        };

        static T[]? Parse<T>(string[] values, Func<string, (bool Ok, T Value)> parse)
        {
            var parsed = values.Select(parse).ToArray();
            return parsed.All(p => p.Ok) ? parsed.Select(p => p.Value).ToArray() : null;
        }
    }

    private static DicomSequence SequenceOf(DicomSequence requested, IReadOnlyList<IReadOnlyDictionary<DicomTag, string>>? stored, DicomDataset parent)
    {
        var sequence = new DicomSequence(requested.Tag);
        var wanted = requested.Items.Count > 0 ? requested.Items[0].Dataset.Select(e => e.Tag).ToArray() : [];
        foreach (var item in stored ?? [])
        {
            var dataset = new DicomDataset(parent);
            foreach (var tag in wanted.Length > 0 ? wanted : item.Keys.Order().ToArray())
            {
                dataset.AddOrReplaceText(tag, DicomDictionary.GetImplicitVR(tag) is var vr && DicomVRInfo.IsString(vr) ? vr : DicomVR.LO, item.GetValueOrDefault(tag) ?? string.Empty);
            }

            sequence.AddItem(dataset);
        }

        return sequence;
    }

    private static DicomVR VROf(DicomElement element) =>
        element.VR is not DicomVR.None and not DicomVR.UN ? element.VR
            : CatalogSchema.Find(element.Tag)?.VR ?? DicomDictionary.GetImplicitVR(element.Tag);
}
