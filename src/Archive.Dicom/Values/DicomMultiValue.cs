using Archive.Dicom.Model;

namespace Archive.Dicom.Values;

/// <summary>Splits a decoded string value into its values (PS3.5 §6.4). Stateless.</summary>
public static class DicomMultiValue
{
    /// <summary>
    /// Splits on "\" (except for LT, ST, UT and UR, which hold one value where "\" is a
    /// character) and removes the padding of each value: trailing spaces and NULs, and leading
    /// spaces except for the VRs where they are significant (LT, ST, UT, UC keep leading spaces).
    /// An empty string gives no values.
    /// </summary>
    public static string[] Split(string value, DicomVR vr)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return [];
        }

        var single = vr is DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UR;
        var parts = single ? [value] : value.Split('\\');
        var keepLeading = vr is DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UC;
        for (var i = 0; i < parts.Length; i++)
        {
            var trimmed = parts[i].TrimEnd(' ', '\0');
            parts[i] = keepLeading ? trimmed : trimmed.TrimStart(' ');
        }

        return parts.Length == 1 && parts[0].Length == 0 ? [] : parts;
    }

    /// <summary>Joins values with "\" (no padding; the writer pads to even length).</summary>
    public static string Join(IEnumerable<string> values) => string.Join('\\', values);
}
