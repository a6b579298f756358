using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>
/// The VR of an element read in Implicit VR Little Endian: the data dictionary's, with the
/// ambiguous ones resolved from context as PS3.5 §A.1 and PS3.6 describe (US or SS by Pixel
/// Representation; OB or OW → OW), group lengths UL, private creators LO, unknown tags UN.
/// </summary>
public static class DicomImplicitVR
{
    private static readonly DicomTag PixelRepresentation = new(0x0028, 0x0103);

    /// <summary>Resolves the VR of <paramref name="tag"/> given the elements of <paramref name="dataset"/> read so far.</summary>
    public static DicomVR Resolve(DicomTag tag, DicomDataset dataset)
    {
        if (tag.IsGroupLength)
        {
            return DicomVR.UL;
        }

        if (tag.IsPrivateCreator)
        {
            return DicomVR.LO;
        }

        if (!DicomDictionaryLookup.TryGetVRs(tag, out var vr, out var allowed))
        {
            return DicomVR.UN;
        }

        if (allowed.Count <= 1)
        {
            return vr;
        }

        if (allowed.Contains(DicomVR.OW))
        {
            return DicomVR.OW;
        }

        if (allowed.Contains(DicomVR.US) && allowed.Contains(DicomVR.SS))
        {
            return dataset.TryGetUInt16(PixelRepresentation, out var representation) && representation == 1 ? DicomVR.SS : DicomVR.US;
        }

        return vr;
    }
}
