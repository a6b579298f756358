namespace Archive.Dicom.Model;

/// <summary>How a VR is encoded (PS3.5 §6.2 and §7.1.2): the facts the reader and writer need.</summary>
public static class DicomVRInfo
{
    /// <summary>
    /// True when Explicit VR encodings use the long header: 2 reserved bytes and a 32-bit length
    /// (OB, OD, OF, OL, OV, OW, SQ, SV, UC, UN, UR, UT, UV). All others use a 16-bit length.
    /// </summary>
    public static bool HasLongExplicitLength(DicomVR vr) => vr is DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL
        or DicomVR.OV or DicomVR.OW or DicomVR.SQ or DicomVR.SV or DicomVR.UC or DicomVR.UN or DicomVR.UR
        or DicomVR.UT or DicomVR.UV;

    /// <summary>Text VRs whose values are characters (affected by Specific Character Set where noted by <see cref="UsesSpecificCharacterSet"/>).</summary>
    public static bool IsString(DicomVR vr) => vr is DicomVR.AE or DicomVR.AS or DicomVR.CS or DicomVR.DA or DicomVR.DS
        or DicomVR.DT or DicomVR.IS or DicomVR.LO or DicomVR.LT or DicomVR.PN or DicomVR.SH or DicomVR.ST
        or DicomVR.TM or DicomVR.UC or DicomVR.UI or DicomVR.UR or DicomVR.UT;

    /// <summary>Text VRs decoded with the dataset's Specific Character Set (0008,0005); the rest are default repertoire.</summary>
    public static bool UsesSpecificCharacterSet(DicomVR vr) => vr is DicomVR.LO or DicomVR.LT or DicomVR.PN
        or DicomVR.SH or DicomVR.ST or DicomVR.UC or DicomVR.UT;

    /// <summary>Padding byte for odd-length values: NUL for UI and binary VRs, space for other text.</summary>
    public static byte PaddingByte(DicomVR vr) => IsString(vr) && vr != DicomVR.UI ? (byte)' ' : (byte)0;

    /// <summary>
    /// Size of one binary value for byte swapping between little and big endian, or 1 when the
    /// VR is not swapped (text, OB, UN, SQ).
    /// </summary>
    public static int ByteSwapUnit(DicomVR vr) => vr switch
    {
        DicomVR.AT or DicomVR.OW or DicomVR.SS or DicomVR.US => 2,
        DicomVR.FL or DicomVR.OF or DicomVR.OL or DicomVR.SL or DicomVR.UL => 4,
        DicomVR.FD or DicomVR.OD or DicomVR.OV or DicomVR.SV or DicomVR.UV => 8,
        _ => 1,
    };

    /// <summary>The VR's two-character code; <c>"  "</c> for <see cref="DicomVR.None"/>.</summary>
    public static string Code(DicomVR vr) => vr == DicomVR.None ? "  " : string.Create(2, (ushort)vr, static (span, v) =>
    {
        span[0] = (char)(v >> 8);
        span[1] = (char)(v & 0xFF);
    });

    /// <summary>Parses two ASCII bytes from the wire; false when they are not one of the 34 VRs.</summary>
    public static bool TryParse(byte first, byte second, out DicomVR vr)
    {
        vr = (DicomVR)((first << 8) | second);
        return Enum.IsDefined(vr) && vr != DicomVR.None;
    }
}
