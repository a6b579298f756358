using System.Text;

namespace Archive.Dicom.Model;

/// <summary>
/// The seam between the dataset model and character-set handling: decodes and encodes text VRs for
/// a Specific Character Set value list. Stateless.
/// </summary>
internal static class DicomTextCodec
{
    public static string Decode(ReadOnlySpan<byte> bytes, DicomVR vr, string[] specificCharacterSet)
    {
        _ = vr;
        return specificCharacterSet.Length > 0 && specificCharacterSet[0] == "ISO_IR 192"
            ? Encoding.UTF8.GetString(bytes)
            : Encoding.Latin1.GetString(bytes);
    }

    public static byte[] Encode(string text, DicomVR vr, string[] specificCharacterSet)
    {
        _ = vr;
        return specificCharacterSet.Length > 0 && specificCharacterSet[0] == "ISO_IR 192"
            ? Encoding.UTF8.GetBytes(text)
            : Encoding.Latin1.GetBytes(text);
    }
}
