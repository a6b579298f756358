using System.Globalization;
using System.Text;

namespace Archive.Cli.Commands.Import;

/// <summary>
/// The resume journal of an import: a header line with the time the import first started, then
/// one tab-separated line per file the archive answered for (outcome, SOP Instance UID, Study
/// Instance UID, expected SHA-256, status detail, relative path). Appended and flushed line by line,
/// so an interrupted run loses at most the files in flight, which a resumed run sends again (the
/// archive answers identical bytes with success and stores nothing twice). A torn last line is
/// ignored. Files that failed transiently (association lost, node busy) are not journaled and are
/// retried on resume. A DICOMDIR's findings (<see cref="ImportOutcome.DicomDirFinding"/>) are lines of
/// their own with the same six fields read differently: outcome, SOP Instance UID the record names,
/// the DICOMDIR's relative path, the problem, its detail, the referenced file's relative path; they
/// are kept in <see cref="Findings"/> and never mark a file as answered. Not thread-safe on its own:
/// <see cref="Append"/> locks.
/// </summary>
internal sealed class ImportJournal : IDisposable
{
    public const string DefaultFileName = ".archivectl-import.journal";

    private const string Magic = "# archivectl import journal v1";

    private readonly Lock _gate = new();
    private readonly StreamWriter _writer;

    private readonly List<DicomDirFinding> _findings;

    private ImportJournal(string path, DateTimeOffset startedAt, Dictionary<string, ImportJournalEntry> entries, List<DicomDirFinding> findings, StreamWriter writer)
    {
        Path = path;
        StartedAt = startedAt;
        Entries = entries;
        _findings = findings;
        _writer = writer;
    }

    public string Path { get; }

    /// <summary>When the first run of this import started; versions created before it were already in the archive.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The files answered for, by relative path (later lines win).</summary>
    public Dictionary<string, ImportJournalEntry> Entries { get; }

    /// <summary>What the DICOMDIRs of the folder (all runs) reference but the media lacks or holds otherwise.</summary>
    public IReadOnlyList<DicomDirFinding> Findings
    {
        get
        {
            lock (_gate)
            {
                return _findings.ToArray();
            }
        }
    }

    /// <summary>Opens (resuming) or creates the journal; throws <see cref="InvalidDataException"/> for a file that is not one.</summary>
    public static ImportJournal Open(string path, DateTimeOffset now)
    {
        var entries = new Dictionary<string, ImportJournalEntry>(StringComparer.Ordinal);
        var findings = new List<DicomDirFinding>();
        var startedAt = now;
        var exists = File.Exists(path) && new FileInfo(path).Length > 0;
        if (exists)
        {
            using var reader = new StreamReader(path, Encoding.UTF8);
            var first = reader.ReadLine() ?? string.Empty;
            if (!first.StartsWith(Magic + " ", StringComparison.Ordinal) || !DateTimeOffset.TryParse(first[(Magic.Length + 1)..], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out startedAt))
            {
                throw new InvalidDataException($"{path} is not an archivectl import journal");
            }

            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                if (!ImportJournalEntry.TryParse(line, out var entry))
                {
                    continue;
                }

                if (entry.Outcome != ImportOutcome.DicomDirFinding)
                {
                    entries[entry.RelativePath] = entry;
                }
                else if (entry.ToFinding() is { } finding)
                {
                    findings.Add(finding);
                }
            }
        }

        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        if (exists && stream.Length > 0)
        {
            // A torn last line (no newline) must not glue onto the next entry.
            using var check = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            check.Seek(-1, SeekOrigin.End);
            if (check.ReadByte() != '\n')
            {
                stream.WriteByte((byte)'\n');
            }
        }

        var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
        if (!exists)
        {
            writer.WriteLine($"{Magic} {startedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}");
            writer.Flush();
        }

        return new ImportJournal(path, startedAt, entries, findings, writer);
    }

    public void Append(ImportJournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Outcome == ImportOutcome.DicomDirFinding)
        {
            throw new ArgumentException("DICOMDIR findings are appended with AppendFinding", nameof(entry));
        }

        lock (_gate)
        {
            Entries[entry.RelativePath] = entry;
            _writer.WriteLine(entry.Format());
            _writer.Flush();
        }
    }

    public void AppendFinding(DicomDirFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        lock (_gate)
        {
            _findings.Add(finding);
            _writer.WriteLine(ImportJournalEntry.Of(finding).Format());
            _writer.Flush();
        }
    }

    public void Dispose() => _writer.Dispose();
}

/// <summary>One journal line.</summary>
internal sealed record ImportJournalEntry(ImportOutcome Outcome, string SopInstanceUid, string StudyInstanceUid, string ExpectedSha256, string Detail, string RelativePath)
{
    public string Format() => string.Join('\t', Outcome.ToString(), SopInstanceUid, StudyInstanceUid, ExpectedSha256, Clean(Detail), RelativePath);

    public static bool TryParse(string line, out ImportJournalEntry entry)
    {
        entry = null!;
        var fields = line.Split('\t');
        if (fields.Length != 6 || !Enum.TryParse<ImportOutcome>(fields[0], out var outcome) || !Enum.IsDefined(outcome) || fields[5].Length == 0)
        {
            return false;
        }

        entry = new ImportJournalEntry(outcome, fields[1], fields[2], fields[3], fields[4], fields[5]);
        return true;
    }

    /// <summary>The journal line of a DICOMDIR finding (see <see cref="ImportJournal"/> for its fields).</summary>
    public static ImportJournalEntry Of(DicomDirFinding finding) =>
        new(ImportOutcome.DicomDirFinding, finding.SopInstanceUid, Clean(finding.DicomDir), finding.Problem.ToString(), finding.Detail, Clean(finding.Path));

    /// <summary>The finding a <see cref="ImportOutcome.DicomDirFinding"/> line records; null for another line or an unknown problem.</summary>
    public DicomDirFinding? ToFinding() =>
        Outcome == ImportOutcome.DicomDirFinding && Enum.TryParse<DicomDirProblem>(ExpectedSha256, out var problem) && Enum.IsDefined(problem)
            ? new DicomDirFinding(StudyInstanceUid, RelativePath, problem, SopInstanceUid, Detail)
            : null;

    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}
