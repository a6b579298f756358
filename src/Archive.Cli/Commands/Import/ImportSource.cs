using System.Threading.Channels;

namespace Archive.Cli.Commands.Import;

/// <summary>The files of an import folder: enumerated lazily (millions of files stay cheap), already-journaled ones skipped, the rest inspected.</summary>
internal static class ImportSource
{
    /// <summary>Every file under <paramref name="root"/> not yet answered for in the journal, in no particular order.</summary>
    public static IEnumerable<string> Enumerate(string root, string journalPath, ImportProgress progress, ImportJournal journal)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        var skip = Path.GetFullPath(journalPath);
        foreach (var path in Directory.EnumerateFiles(root, "*", options))
        {
            // Our own journal, and those of earlier imports of this folder under other --state names.
            if (string.Equals(Path.GetFullPath(path), skip, StringComparison.Ordinal) || Path.GetFileName(path) == ImportJournal.DefaultFileName)
            {
                continue;
            }

            progress.FoundOne();
            if (journal.Entries.ContainsKey(Path.GetRelativePath(root, path)))
            {
                progress.ResumedOne();
                continue;
            }

            yield return path;
        }
    }

    /// <summary>Inspects one file: DICOM objects go to the senders; anything else is journaled at once so a resumed run skips it.</summary>
    public static async Task InspectAsync(string root, string path, string callingAe, ImportJournal journal, ImportProgress progress, ChannelWriter<ImportFile> files, CancellationToken cancellationToken)
    {
        var file = await ImportFile.TryInspectAsync(root, path, cancellationToken);
        var relative = Path.GetRelativePath(root, path);
        if (file is null || (file.SopClassUid != ImportFile.DicomDirSopClass && file.StudyInstanceUid.Length == 0) || relative.Contains('\t', StringComparison.Ordinal))
        {
            journal.Append(new ImportJournalEntry(ImportOutcome.NotDicom, string.Empty, string.Empty, string.Empty, file is null ? "not a DICOM Part 10 file" : "no Study Instance UID or unusable name", relative));
            progress.Classified();
            progress.Problem(relative, "not imported: not a DICOM Part 10 object with a Study Instance UID");
            return;
        }

        if (file.SopClassUid == ImportFile.DicomDirSopClass)
        {
            await CheckDicomDirAsync(root, path, relative, file.SopInstanceUid, journal, progress, cancellationToken);
            return;
        }

        await files.WriteAsync(file, cancellationToken);
    }

    /// <summary>
    /// Checks a DICOMDIR's references against the media (<see cref="DicomDirCheck"/>) and journals
    /// its findings before the DICOMDIR itself, so a resumed run that skips the DICOMDIR has them all.
    /// </summary>
    private static async Task CheckDicomDirAsync(string root, string path, string relative, string sopInstanceUid, ImportJournal journal, ImportProgress progress, CancellationToken cancellationToken)
    {
        string detail;
        try
        {
            var result = await DicomDirCheck.RunAsync(root, path, cancellationToken);
            foreach (var finding in result.Findings)
            {
                journal.AppendFinding(finding);
                progress.Problem(finding.Path, $"referenced by {finding.DicomDir}: {finding.Problem.ToString().ToLowerInvariant()} ({finding.Detail})");
            }

            detail = $"DICOMDIR: {result.References} referenced file(s), {result.Findings.Count} missing, unreadable or mismatched";
        }
        catch (Exception e) when (e is Archive.Dicom.IO.DicomParseException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            detail = "DICOMDIR unreadable, references not checked: " + e.Message;
            progress.Problem(relative, detail);
        }

        journal.Append(new ImportJournalEntry(ImportOutcome.DicomDir, sopInstanceUid, string.Empty, string.Empty, detail, relative));
        progress.Classified();
    }
}
