namespace Archive.Dicom.Model;

/// <summary>
/// One data element of a dataset: a tag and a value representation. Concrete kinds are
/// <see cref="DicomValueElement"/> (a value held as bytes), <see cref="DicomSequence"/> (items that
/// are datasets) and <see cref="DicomFragmentSequence"/> (encapsulated pixel data). Elements are
/// immutable apart from the item and fragment lists of the last two, which the reader fills.
/// </summary>
public abstract class DicomElement
{
    private protected DicomElement(DicomTag tag, DicomVR vr)
    {
        Tag = tag;
        VR = vr;
    }

    /// <summary>The element's tag.</summary>
    public DicomTag Tag { get; }

    /// <summary>
    /// The VR as read (explicit syntaxes: the VR in the file, even when the dictionary disagrees;
    /// implicit syntaxes: the dictionary's VR, <see cref="DicomVR.UN"/> when the tag is unknown).
    /// </summary>
    public DicomVR VR { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Tag} {DicomVRInfo.Code(VR)}";
}
