using Archive.Storage.Io;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Archive.Service.Committing;

/// <summary>
/// Durable storage of pending commitment transactions: one JSON file per transaction in a
/// directory of the fast disk, written to a temporary file, fsynced and renamed (atomic), removed
/// once the report is delivered. A transaction is the requestor's: keyed by its calling AE title and
/// Transaction UID, so another AE reusing the UID never replaces it. Thread-safe.
/// </summary>
public sealed class CommitmentJournal
{
    private readonly string _directory;
    private readonly Lock _gate = new();

    public CommitmentJournal(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    /// <summary>Stores or replaces the transaction; durable on return.</summary>
    public void Save(CommitmentTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var path = PathOf(transaction.CallingAeTitle, transaction.TransactionUid);
        lock (_gate)
        {
            AtomicFile.WriteAllText(path, Serialize(transaction));
            DeleteLegacy(transaction); // journaled before transactions were keyed by their AE: now under its own name
        }
    }

    /// <summary>
    /// Replaces <paramref name="updated"/>'s journaled copy only when that is still the request it was read from (same
    /// <see cref="CommitmentTransaction.ReceivedAt"/>): false when the requestor asked again meanwhile (its merged request
    /// is kept and processed next).
    /// </summary>
    public bool Update(CommitmentTransaction updated)
    {
        ArgumentNullException.ThrowIfNull(updated);
        lock (_gate)
        {
            if (Find(updated.CallingAeTitle, updated.TransactionUid)?.ReceivedAt != updated.ReceivedAt)
            {
                return false;
            }

            Save(updated);
            return true;
        }
    }

    /// <summary>The pending transaction <paramref name="callingAeTitle"/> asked for under <paramref name="transactionUid"/>, or null.</summary>
    public CommitmentTransaction? Find(string callingAeTitle, string transactionUid)
    {
        lock (_gate)
        {
            var path = PathOf(callingAeTitle, transactionUid);
            return File.Exists(path) ? Read(path) : null;
        }
    }

    /// <summary>
    /// Every pending transaction (after a restart too). One in a format this build does not know (written by a newer
    /// one, before a downgrade) is left on disk untouched and named in <see cref="Unreadable"/>.
    /// </summary>
    public IReadOnlyList<CommitmentTransaction> Pending()
    {
        lock (_gate)
        {
            var all = Directory.EnumerateFiles(_directory, "*.json").Select(path => (Path: path, Transaction: Read(path))).ToArray();
            Unreadable = all.Where(t => t.Transaction is null || t.Transaction.Format > CommitmentTransaction.CurrentFormat).Select(t => Path.GetFileName(t.Path)).ToArray();
            return all.Select(t => t.Transaction)
                .OfType<CommitmentTransaction>()
                .Where(t => t.Format <= CommitmentTransaction.CurrentFormat)
                .OrderBy(t => t.ReceivedAt)
                .ToArray();
        }
    }

    /// <summary>The journal files the last <see cref="Pending"/> left alone: of a newer format, or not a transaction at all.</summary>
    public IReadOnlyList<string> Unreadable { get; private set; } = [];

    /// <summary>The transaction <paramref name="json"/> holds; null when it is not one (a damaged file, or JSON of something else).</summary>
    public static CommitmentTransaction? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, CommitmentJson.Default.CommitmentTransaction) is
            {
                TransactionUid.Length: > 0, CallingAeTitle.Length: > 0, CalledAeTitle.Length: > 0, Items: { } items,
            } transaction && items.All(i => i is { SopClassUid.Length: > 0, SopInstanceUid.Length: > 0 })
                ? transaction
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The file's text, as <see cref="Save"/> writes it.</summary>
    public static string Serialize(CommitmentTransaction transaction) => JsonSerializer.Serialize(transaction, CommitmentJson.Default.CommitmentTransaction);

    /// <summary>The transaction in <paramref name="path"/>; null when the file cannot be read (a bad sector, its permissions) or holds none.</summary>
    private static CommitmentTransaction? Read(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Removes the transaction once reported, unless the requestor asked again meanwhile (see <see cref="Update"/>).</summary>
    public void Remove(CommitmentTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        lock (_gate)
        {
            if (Find(transaction.CallingAeTitle, transaction.TransactionUid) is { } stored && stored.ReceivedAt != transaction.ReceivedAt)
            {
                return;
            }

            File.Delete(PathOf(transaction.CallingAeTitle, transaction.TransactionUid));
            DeleteLegacy(transaction);
            SyncDirectory();
        }
    }

    /// <summary>
    /// A transaction UID is a DICOM UID (digits and dots), safe as a file name once checked; the AE title (any of its
    /// 16 characters) goes in hex.
    /// </summary>
    private string PathOf(string callingAeTitle, string transactionUid) =>
        transactionUid.Length is > 0 and <= 64 && transactionUid.All(c => char.IsAsciiDigit(c) || c == '.') && callingAeTitle.Length is > 0 and <= 16
            ? Path.Combine(_directory, $"{transactionUid}@{Convert.ToHexStringLower(System.Text.Encoding.ASCII.GetBytes(callingAeTitle))}.json")
            : throw new ArgumentException("not a UID and AE title", nameof(transactionUid));

    private void DeleteLegacy(CommitmentTransaction transaction)
    {
        var legacy = Path.Combine(_directory, transaction.TransactionUid + ".json");
        if (File.Exists(legacy) && Read(legacy)?.CallingAeTitle == transaction.CallingAeTitle)
        {
            File.Delete(legacy);
        }
    }

    /// <summary>A rename or delete is durable once the directory itself is on disk.</summary>
    private void SyncDirectory() => FileSync.Directory(_directory);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(CommitmentTransaction))]
internal sealed partial class CommitmentJson : JsonSerializerContext;
