namespace Archive.Dicom.Values;

/// <summary>The unit of an AS value; the number is the character written on the wire.</summary>
public enum DicomAgeUnit
{
    Days = 'D',
    Weeks = 'W',
    Months = 'M',
    Years = 'Y',
}
