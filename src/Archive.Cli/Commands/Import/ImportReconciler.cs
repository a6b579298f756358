using System.CommandLine;
using Archive.Cli.Commands.Grid;
using Archive.Cli.Commands.Objects;

namespace Archive.Cli.Commands.Import;

/// <summary>
/// Reconciliation by SHA-256: for every journaled file the archive accepted, the grid's manifests
/// of its study must hold a version whose SHA-256 equals the file's expected digest (the archive's
/// Part 10 header for our calling AE followed by the file's exact dataset bytes). A matching
/// version created before the import first started was already there: a duplicate. Asks one
/// <c>ListObjects</c> per study.
/// </summary>
internal static class ImportReconciler
{
    public static async Task<ImportReconciliation> RunAsync(NodeConnection connection, ParseResult parseResult, ImportJournal journal, ImportProgress progress, CancellationToken cancellationToken)
    {
        long verified = 0, duplicates = 0, mismatched = 0, missing = 0;
        var seen = new HashSet<(string Sop, string Sha)>();
        var accepted = journal.Entries.Values.Where(e => e.Outcome is ImportOutcome.Accepted or ImportOutcome.NewVersion or ImportOutcome.Warning);
        foreach (var study in accepted.GroupBy(e => e.StudyInstanceUid).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var objects = await ObjectLookup.ListAsync(connection, parseResult, study.Key, limit: 100_000, cancellationToken);
            var versions = objects.Objects.ToDictionary(o => o.SopInstanceUid, o => o.Versions.Select(v => (Sha: Convert.ToHexStringLower(v.Sha256.Span), Created: DateTimeOffset.FromUnixTimeMilliseconds(v.CreatedAtUnixMs))).ToArray(), StringComparer.Ordinal);
            foreach (var entry in study.OrderBy(e => e.RelativePath, StringComparer.Ordinal))
            {
                if (!versions.TryGetValue(entry.SopInstanceUid, out var held) || held.Length == 0)
                {
                    missing++;
                    progress.Problem(entry.RelativePath, "not found in the grid's catalog or manifests");
                    continue;
                }

                var match = held.FirstOrDefault(v => v.Sha == entry.ExpectedSha256);
                if (match.Sha is null)
                {
                    mismatched++;
                    progress.Problem(entry.RelativePath, $"no stored version has the file's SHA-256 {entry.ExpectedSha256}");
                    continue;
                }

                verified++;
                if (match.Created < journal.StartedAt || !seen.Add((entry.SopInstanceUid, entry.ExpectedSha256)))
                {
                    duplicates++;
                }
            }
        }

        return new ImportReconciliation(verified, duplicates, mismatched, missing);
    }
}

/// <summary>Accepted files whose SHA-256 the grid holds (of which already there before the import), held with other bytes only, or not found.</summary>
internal sealed record ImportReconciliation(long Verified, long Duplicates, long Mismatched, long Missing)
{
    public bool Exact => Mismatched == 0 && Missing == 0;
}
