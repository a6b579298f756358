namespace Archive.Cli.Commands.Import;

/// <summary>What became of one file, as written to the journal. Stable names: journals outlive versions.</summary>
internal enum ImportOutcome
{
    /// <summary>The archive answered success (stored now, or already held with these exact bytes).</summary>
    Accepted,

    /// <summary>The archive held other bytes for the instance and kept these as a new version (0xB000).</summary>
    NewVersion,

    /// <summary>The archive answered with another warning status.</summary>
    Warning,

    /// <summary>The archive refused the object (a failure status or a refused presentation context).</summary>
    Refused,

    /// <summary>Not a DICOM Part 10 file (or without Study Instance UID); never sent.</summary>
    NotDicom,

    /// <summary>A DICOMDIR: the folder's index, not an object; its referenced files are imported as files of the folder.</summary>
    DicomDir,

    /// <summary>
    /// Not a file's answer: a file its DICOMDIR references is missing, unreadable or another instance
    /// (<see cref="DicomDirFinding"/>). Never marks a file as done; the folder walk still sends what is there.
    /// </summary>
    DicomDirFinding,
}
