namespace Archive.Cli.Commands.Import;

/// <summary>One file a DICOMDIR directory record references.</summary>
/// <param name="FileId">Referenced File ID (0004,1500): its CS components, as recorded (relative to the DICOMDIR's folder).</param>
/// <param name="SopInstanceUid">Referenced SOP Instance UID in File (0004,1511); null when the record has none.</param>
internal sealed record DicomDirReference(IReadOnlyList<string> FileId, string? SopInstanceUid)
{
    /// <summary>The File ID as PS3.10 writes it (components joined by a backslash).</summary>
    public string Text => string.Join('\\', FileId);
}
