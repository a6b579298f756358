namespace Archive.Dicom.Values;

/// <summary>How much of a DT value was given. Values are stable.</summary>
public enum DicomDateTimePrecision
{
    Year = 1,
    Month = 2,
    Day = 3,
    Hour = 4,
    Minute = 5,
    Second = 6,

    /// <summary>Seconds with 1–6 fraction digits.</summary>
    Fraction = 7,
}
