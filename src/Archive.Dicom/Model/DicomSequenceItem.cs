namespace Archive.Dicom.Model;

/// <summary>
/// One item (FFFE,E000) of a sequence: a nested dataset, and whether the item was encoded with an
/// undefined length (closed by an Item Delimitation Item) so a round trip writes the same bytes.
/// </summary>
public sealed class DicomSequenceItem
{
    /// <summary>Wraps <paramref name="dataset"/>; the item owns it from now on.</summary>
    public DicomSequenceItem(DicomDataset dataset, bool hasUndefinedLength = true)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        Dataset = dataset;
        HasUndefinedLength = hasUndefinedLength;
    }

    /// <summary>The item's elements.</summary>
    public DicomDataset Dataset { get; }

    /// <summary>True when encoded with length 0xFFFFFFFF and closed by (FFFE,E00D).</summary>
    public bool HasUndefinedLength { get; set; }
}
