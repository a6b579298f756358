namespace Archive.Dicom.Model;

/// <summary>
/// Who we are on the wire and in files we write: (0002,0012) Implementation Class UID and
/// (0002,0013) Implementation Version Name. The class UID is a UUID-derived UID (PS3.5 §B.2),
/// fixed forever; the version name changes when the codec's behaviour does.
/// </summary>
public static class DicomImplementation
{
    /// <summary>Implementation Class UID of Archive.</summary>
    public const string ClassUid = "2.25.305989196858952497503836907860434669476";

    /// <summary>Implementation Version Name (SH, at most 16 characters).</summary>
    public const string VersionName = "ARCHIVE_1_0";
}
