using System.Collections.Concurrent;

namespace Archive.Cli.Commands.Import;

/// <summary>Counters of one import run, updated by the scanner and the senders; problems kept up to a cap. Thread-safe.</summary>
internal sealed class ImportProgress
{
    public const int MaxProblems = 1000;

    private readonly ConcurrentQueue<ImportProblem> _problems = new();
    private long _found;
    private long _resumed;
    private long _answered;
    private long _failed;
    private long _bytes;
    private int _problemCount;

    /// <summary>Files (studies, from a PACS) found so far.</summary>
    public long Found => Interlocked.Read(ref _found);

    /// <summary>Files skipped because the journal already records an answer for them.</summary>
    public long Resumed => Interlocked.Read(ref _resumed);

    /// <summary>Files answered by the archive (or classified as not DICOM) in this run.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Files that failed transiently in this run: a resumed run sends them again.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Dataset bytes sent in this run.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    public IReadOnlyList<ImportProblem> Problems => _problems.ToArray();

    public void FoundOne() => Interlocked.Increment(ref _found);

    public void FoundMore(long count) => Interlocked.Add(ref _found, count);

    public void ResumedOne() => Interlocked.Increment(ref _resumed);

    public void OnAnswered(ImportFile file, ImportOutcome outcome)
    {
        Interlocked.Increment(ref _answered);
        Interlocked.Add(ref _bytes, file.DatasetLength);
        if (outcome is ImportOutcome.Refused or ImportOutcome.Warning)
        {
            Problem(file.RelativePath, outcome.ToString());
        }
    }

    public void Classified() => Interlocked.Increment(ref _answered);

    public void OnFailed(ImportFile file, string reason)
    {
        Interlocked.Increment(ref _failed);
        Problem(file.RelativePath, "failed, retried on resume: " + reason);
    }

    public void Problem(string path, string reason)
    {
        if (Interlocked.Increment(ref _problemCount) <= MaxProblems)
        {
            _problems.Enqueue(new ImportProblem(path, reason));
        }
    }
}

/// <summary>One file that did not go in cleanly, and why.</summary>
internal sealed record ImportProblem(string Path, string Reason);
