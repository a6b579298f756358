using Archive.Dicom.Model;

namespace Archive.Dicom.Values;

/// <summary>A value that does not follow its VR's format, thrown by the <c>Parse</c> methods (the <c>TryParse</c> methods return false instead).</summary>
public sealed class DicomValueFormatException : FormatException
{
    public DicomValueFormatException(DicomVR vr, string value)
        : base($"'{Truncate(value)}' is not a valid {DicomVRInfo.Code(vr)} value")
    {
        VR = vr;
        Value = value;
    }

    public DicomValueFormatException()
    {
    }

    public DicomValueFormatException(string message)
        : base(message)
    {
    }

    public DicomValueFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The VR the value was parsed as.</summary>
    public DicomVR VR { get; }

    /// <summary>The offending text (may be long; the message truncates it).</summary>
    public string? Value { get; }

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
