namespace Archive.Cli.Commands.Import;

/// <summary>What is wrong with one file a DICOMDIR references. Stable names: they are written to the journal.</summary>
internal enum DicomDirProblem
{
    /// <summary>No such file on the media (or a File ID that is not a plain relative path).</summary>
    Missing,

    /// <summary>The file exists but is not a readable DICOM Part 10 file.</summary>
    Unreadable,

    /// <summary>The file holds another SOP Instance UID than its directory record says.</summary>
    Mismatched,
}

/// <summary>One referenced file that is missing, unreadable or not the instance its record names.</summary>
/// <param name="DicomDir">The DICOMDIR, relative to the import folder.</param>
/// <param name="Path">The referenced file, relative to the import folder (as recorded when it is missing).</param>
/// <param name="Problem">What is wrong.</param>
/// <param name="SopInstanceUid">The SOP Instance UID the record names (empty when it names none).</param>
/// <param name="Detail">The UID found in the file, or why it is unreadable.</param>
internal sealed record DicomDirFinding(string DicomDir, string Path, DicomDirProblem Problem, string SopInstanceUid, string Detail);
