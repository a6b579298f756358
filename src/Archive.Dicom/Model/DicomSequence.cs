namespace Archive.Dicom.Model;

/// <summary>
/// A sequence of items (VR SQ), or an element of VR UN with undefined length, which PS3.5 §6.2.2
/// says holds a sequence encoded in Implicit VR Little Endian whatever the surrounding syntax.
/// Remembers whether it was encoded with an undefined length so a round trip writes the same bytes.
/// Not thread-safe: the item list is mutable.
/// </summary>
public sealed class DicomSequence : DicomElement
{
    /// <summary>Creates an empty sequence; <paramref name="vr"/> is SQ or UN.</summary>
    public DicomSequence(DicomTag tag, DicomVR vr = DicomVR.SQ, bool hasUndefinedLength = true)
        : base(tag, vr)
    {
        if (vr is not (DicomVR.SQ or DicomVR.UN))
        {
            throw new ArgumentException($"A sequence has VR SQ or UN, not {vr}.", nameof(vr));
        }

        HasUndefinedLength = hasUndefinedLength;
    }

    /// <summary>True when encoded with length 0xFFFFFFFF and closed by a Sequence Delimitation Item.</summary>
    public bool HasUndefinedLength { get; set; }

    /// <summary>The items in order.</summary>
    public IList<DicomSequenceItem> Items { get; } = new List<DicomSequenceItem>();

    /// <summary>
    /// True when the items are encoded in Implicit VR Little Endian regardless of the enclosing
    /// syntax: the case of UN with undefined length (PS3.5 §6.2.2).
    /// </summary>
    public bool ItemsAreImplicitVR => VR == DicomVR.UN;

    /// <summary>Adds an item holding <paramref name="dataset"/> and returns it.</summary>
    public DicomSequenceItem AddItem(DicomDataset dataset, bool hasUndefinedLength = true)
    {
        var item = new DicomSequenceItem(dataset, hasUndefinedLength);
        Items.Add(item);
        return item;
    }
}
