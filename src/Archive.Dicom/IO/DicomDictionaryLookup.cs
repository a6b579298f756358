using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>The codec's one use of the data dictionary: the VR(s) of a tag.</summary>
internal static class DicomDictionaryLookup
{
    private static readonly DicomVR[] OBorOW = [DicomVR.OB, DicomVR.OW];

    public static bool TryGetVRs(DicomTag tag, out DicomVR vr, out IReadOnlyCollection<DicomVR> allowed)
    {
        vr = tag.Value switch
        {
            0x00080005 or 0x00080060 or 0x00280004 => DicomVR.CS,
            0x00080016 or 0x00080018 or 0x0020000D or 0x0020000E => DicomVR.UI,
            0x00080020 => DicomVR.DA,
            0x00100010 => DicomVR.PN,
            0x00100020 => DicomVR.LO,
            0x00280002 or 0x00280010 or 0x00280011 or 0x00280100 or 0x00280101 or 0x00280102 or 0x00280103 => DicomVR.US,
            0x00081140 => DicomVR.SQ,
            0x7FE00010 => DicomVR.OW,
            _ => DicomVR.None,
        };
        allowed = tag == DicomTag.PixelData ? OBorOW : [vr];
        return vr != DicomVR.None;
    }
}
