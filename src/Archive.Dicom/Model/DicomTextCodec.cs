using Archive.Dicom.Text;

namespace Archive.Dicom.Model;

/// <summary>
/// The seam between the dataset model and character-set handling (<see cref="DicomCharacterSet"/>):
/// decodes and encodes text VRs for a Specific Character Set value list. Stateless.
/// </summary>
internal static class DicomTextCodec
{
    public static string Decode(ReadOnlySpan<byte> bytes, DicomVR vr, string[] specificCharacterSet) =>
        DicomCharacterSet.FromSpecificCharacterSet(specificCharacterSet).Decode(bytes, vr == DicomVR.UN ? DicomVR.LO : vr);

    public static byte[] Encode(string text, DicomVR vr, string[] specificCharacterSet) =>
        DicomCharacterSet.FromSpecificCharacterSet(specificCharacterSet).Encode(text, vr);
}
