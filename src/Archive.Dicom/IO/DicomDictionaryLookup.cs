using Archive.Dicom.Dictionary;
using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>The codec's one use of the data dictionary: the VR(s) of a tag.</summary>
internal static class DicomDictionaryLookup
{
    public static bool TryGetVRs(DicomTag tag, out DicomVR vr, out IReadOnlyList<DicomVR> allowed)
    {
        if (DicomDictionary.TryGet(tag, out var entry) && entry.VR != DicomVR.None)
        {
            vr = entry.VR;
            allowed = entry.AllowedVRs;
            return true;
        }

        vr = DicomVR.UN;
        allowed = [];
        return false;
    }
}
