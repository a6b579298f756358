using System.CommandLine;
using Archive.Cli.Commands.Dicom;
using Archive.Cli.Commands.Grid;
using Archive.Cli.Commands.Objects;
using Archive.Dicom.Model;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scu;

namespace Archive.Cli.Commands.Import;

/// <summary>
/// What the grid holds of each study a PACS import found, against what the PACS has. A PACS gives no SHA-256, so the
/// instances are compared by SOP Instance UID: those an IMAGE-level C-FIND lists at the PACS must each have a version in
/// the grid. Counts alone are not enough (sweep I: two PACSes with one AE title and one study UID, the second's extra
/// instance never moved, and three held instances "matched" its three). Only when the PACS refuses the IMAGE-level
/// C-FIND is its Number of Study Related Instances compared instead. A study found incomplete is journaled as refused, so
/// that a resumed run moves it again.
/// </summary>
internal static class PacsReconciler
{
    private static readonly DicomTag QueryRetrieveLevel = new(0x0008, 0x0052);
    private static readonly DicomTag StudyInstanceUid = new(0x0020, 0x000D);
    private static readonly DicomTag SeriesInstanceUid = new(0x0020, 0x000E);
    private static readonly DicomTag SopInstanceUid = new(0x0008, 0x0018);

    /// <param name="studies">Each study found at the PACS, with the instance count it reports (-1: none).</param>
    /// <param name="pacs">The association to the PACS for the IMAGE-level C-FINDs (opened when first needed).</param>
    public static async Task<ImportReconciliationCounts> RunAsync(NodeConnection connection, ParseResult parseResult, IReadOnlyDictionary<string, int> studies, ImportJournal journal, ImportProgress progress, Func<CancellationToken, Task<DicomClient>> pacs, CancellationToken cancellationToken)
    {
        long verified = 0, stored = 0, missing = 0;
        DicomClient? client = null;
        try
        {
            foreach (var (uid, reported) in studies.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                var objects = await ObjectLookup.ListAsync(connection, parseResult, uid, limit: 100_000, cancellationToken);
                // Newest version's creation time per instance held: one created since the import first started is stored by it.
                var held = objects.Objects.Where(o => o.Versions.Count > 0).ToDictionary(
                    o => o.SopInstanceUid,
                    o => DateTimeOffset.FromUnixTimeMilliseconds(o.Versions.Max(v => v.CreatedAtUnixMs)),
                    StringComparer.Ordinal);
                client ??= await pacs(cancellationToken);
                var listed = await FindInstancesAsync(client, uid, cancellationToken);
                int absent;
                string shortfall;
                if (listed is null)
                {
                    // The PACS will not list instances: its count is all there is (held instances it may not have count too).
                    if (reported < 0)
                    {
                        throw new PacsAnswerIncompleteException($"the PACS neither reports how many instances study {uid} has nor lists them at IMAGE level: it cannot be reconciled");
                    }

                    var counted = Math.Min(held.Count, reported);
                    verified += counted;
                    stored += Math.Min(counted, held.Values.Count(created => created >= journal.StartedAt));
                    absent = Math.Max(0, reported - held.Count);
                    shortfall = $"the PACS reports {reported} instances (it lists none at IMAGE level), the grid holds {held.Count}";
                }
                else
                {
                    var present = listed.Where(held.ContainsKey).ToArray();
                    verified += present.Length;
                    stored += present.Count(sop => held[sop] >= journal.StartedAt);
                    absent = listed.Count - present.Length;
                    shortfall = $"the PACS lists {listed.Count} instances, {absent} of them not in the grid (moved again on resume)";
                }

                if (absent > 0)
                {
                    missing += absent;
                    progress.Problem("study/" + uid, shortfall);
                    journal.Append(new ImportJournalEntry(ImportOutcome.Refused, string.Empty, uid, string.Empty, "reconciliation: " + shortfall, "study/" + uid));
                }
            }
        }
        finally
        {
            if (client is not null)
            {
                await client.DisposeAsync();
            }
        }

        return new ImportReconciliationCounts(verified, stored, verified - stored, 0, missing, missing == 0);
    }

    /// <summary>
    /// The SOP Instance UIDs of a study at the PACS (IMAGE-level C-FIND); null when the PACS refuses that query outright
    /// (no match was answered). An answer cut short after some matches cannot be known whole: it throws.
    /// </summary>
    private static async Task<IReadOnlyList<string>?> FindInstancesAsync(DicomClient client, string studyUid, CancellationToken cancellationToken)
    {
        var context = client.FindContext(ServiceUids.StudyRootFind) ?? throw new InvalidOperationException("the PACS refused Study Root C-FIND");
        var identifier = new DicomDataset();
        identifier.AddOrReplaceText(QueryRetrieveLevel, DicomVR.CS, "IMAGE");
        identifier.AddOrReplaceText(StudyInstanceUid, DicomVR.UI, studyUid);
        identifier.AddOrReplaceText(SeriesInstanceUid, DicomVR.UI, string.Empty);
        identifier.AddOrReplaceText(SopInstanceUid, DicomVR.UI, string.Empty);
        var instances = new List<string>();
        await foreach (var response in client.FindAsync(ServiceUids.StudyRootFind, FindCommandIdentifier.Encode(identifier, context.TransferSyntax), cancellationToken: cancellationToken))
        {
            if (response.Status.IsPending && response.HasDataset && FindCommandIdentifier.Decode(response.Dataset, context.TransferSyntax).GetText(SopInstanceUid)?.Trim() is { Length: > 0 } sop)
            {
                instances.Add(sop);
            }
            else if (response.Status.IsFinal && !response.Status.IsSuccess)
            {
                return instances.Count == 0 && response.Status.Category == DimseStatusCategory.Failure ? null
                    : throw new PacsAnswerIncompleteException($"the PACS answered the IMAGE-level C-FIND of study {studyUid} with {response.Status} after {instances.Count} instances: they cannot be reconciled");
            }
        }

        return instances.Distinct(StringComparer.Ordinal).ToArray();
    }
}

/// <summary>The PACS answered a C-FIND only in part (it caps its answers, or failed): what was asked cannot be known whole.</summary>
internal sealed class PacsAnswerIncompleteException(string message) : Exception(message);
