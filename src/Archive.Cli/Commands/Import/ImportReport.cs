namespace Archive.Cli.Commands.Import;

/// <summary>
/// The <c>import --json</c> shape (fields are only ever added). <see cref="Outcomes"/> count every
/// file the journal records (all runs); <see cref="Run"/> is this run alone; <see cref="DicomDir"/>
/// is null for a PACS import.
/// </summary>
internal sealed record ImportReport(
    string Source,
    string Journal,
    DateTimeOffset StartedAt,
    bool Interrupted,
    ImportRunCounts Run,
    ImportOutcomeCounts Outcomes,
    ImportReconciliationCounts? Reconciliation,
    IReadOnlyList<ImportProblem> Problems,
    ImportDicomDirReport? DicomDir = null);

/// <summary>This run: files found, skipped as already journaled, answered now, failed transiently (sent again on resume), dataset bytes sent, seconds.</summary>
internal sealed record ImportRunCounts(long Found, long Resumed, long Answered, long Failed, long BytesSent, double Seconds);

/// <summary>Every journaled file by outcome.</summary>
internal sealed record ImportOutcomeCounts(long Accepted, long NewVersion, long Warning, long Refused, long NotDicom, long DicomDir);

/// <summary>
/// Accepted files checked against the grid's SHA-256: <see cref="Stored"/> by this import,
/// <see cref="Duplicates"/> (already held with the same bytes, or the same object twice in the
/// source), <see cref="Mismatched"/> (held only with other bytes), <see cref="Missing"/>.
/// </summary>
internal sealed record ImportReconciliationCounts(long Verified, long Stored, long Duplicates, long Mismatched, long Missing, bool Exact);

/// <summary>
/// What the folder's DICOMDIRs reference but the media lacks (<see cref="Missing"/>), cannot read
/// (<see cref="Unreadable"/>) or holds as another instance (<see cref="Mismatched"/>), all runs;
/// <see cref="Findings"/> lists each (paths relative to the folder, problem in lower case).
/// </summary>
internal sealed record ImportDicomDirReport(long Missing, long Unreadable, long Mismatched, IReadOnlyList<ImportDicomDirFinding> Findings);

/// <summary>One DICOMDIR finding as reported: the DICOMDIR, the referenced file, the problem, the UID its record names, and the detail.</summary>
internal sealed record ImportDicomDirFinding(string DicomDir, string Path, string Problem, string SopInstanceUid, string Detail);
