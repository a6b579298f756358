using Archive.Storage.Io;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Archive.Service.Committing;

/// <summary>
/// Durable storage of pending commitment transactions: one JSON file per transaction in a
/// directory of the fast disk, written to a temporary file, fsynced and renamed (atomic), removed
/// once the report is delivered. Thread-safe.
/// </summary>
public sealed class CommitmentJournal
{
    private readonly string _directory;
    private readonly object _gate = new();

    public CommitmentJournal(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    /// <summary>Stores or replaces the transaction; durable on return.</summary>
    public void Save(CommitmentTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var path = PathOf(transaction.TransactionUid);
        lock (_gate)
        {
            AtomicFile.WriteAllText(path, JsonSerializer.Serialize(transaction, CommitmentJson.Default.CommitmentTransaction));
        }
    }

    /// <summary>Every pending transaction (after a restart too).</summary>
    public IReadOnlyList<CommitmentTransaction> Pending()
    {
        lock (_gate)
        {
            return Directory.EnumerateFiles(_directory, "*.json")
                .Select(path => JsonSerializer.Deserialize(File.ReadAllText(path), CommitmentJson.Default.CommitmentTransaction))
                .OfType<CommitmentTransaction>()
                .OrderBy(t => t.ReceivedAt)
                .ToArray();
        }
    }

    public bool Contains(string transactionUid) => File.Exists(PathOf(transactionUid));

    public void Remove(string transactionUid)
    {
        lock (_gate)
        {
            File.Delete(PathOf(transactionUid));
            SyncDirectory();
        }
    }

    /// <summary>A transaction UID is a DICOM UID (digits and dots), safe as a file name once checked.</summary>
    private string PathOf(string transactionUid) =>
        transactionUid.Length is > 0 and <= 64 && transactionUid.All(c => char.IsAsciiDigit(c) || c == '.')
            ? Path.Combine(_directory, transactionUid + ".json")
            : throw new ArgumentException("not a UID", nameof(transactionUid));

    /// <summary>A rename or delete is durable once the directory itself is on disk.</summary>
    private void SyncDirectory() => FileSync.Directory(_directory);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(CommitmentTransaction))]
internal sealed partial class CommitmentJson : JsonSerializerContext;
