using System.CommandLine;
using Archive.Cli.Commands.Dicom;
using Archive.Cli.Commands.Grid;
using Archive.Cli.Commands.Objects;
using Archive.Dicom.Dictionary;
using Archive.Dicom.Model;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scu;

namespace Archive.Cli.Commands.Import;

/// <summary>
/// What the grid holds of one study a PACS import found, against what the PACS has. A PACS gives no SHA-256, so the
/// instances are compared by SOP Instance UID: those an IMAGE-level C-FIND lists at the PACS must each have a version in
/// the grid. Counts alone are not enough (sweep I: two PACSes with one AE title and one study UID, the second's extra
/// instance never moved, and three held instances "matched" its three). Only when the PACS refuses the IMAGE-level
/// C-FIND is its Number of Study Related Instances compared instead. Each study is checked right after its move, and
/// one an earlier run moved is checked before it is skipped (sweep W: an instance the PACS got since was left for a
/// second run).
/// </summary>
internal sealed class PacsReconciler(NodeConnection connection, ParseResult parseResult, DateTimeOffset importStartedAt)
{
    /// <summary>One study, over the PACS association <paramref name="pacs"/>; <paramref name="reported"/> is the count its study C-FIND gave (-1: none).</summary>
    /// <exception cref="Grpc.Core.RpcException">The node could not be asked.</exception>
    public async Task<StudyCheck> CheckAsync(DicomClient pacs, string uid, int reported, CancellationToken cancellationToken)
    {
        var objects = await ObjectLookup.ListAsync(connection, parseResult, uid, limit: 100_000, cancellationToken);
        // Newest version's creation time per instance held: one created since the import first started is stored by it.
        var held = objects.Objects.Where(o => o.Versions.Count > 0).ToDictionary(
            o => o.SopInstanceUid,
            o => DateTimeOffset.FromUnixTimeMilliseconds(o.Versions.Max(v => v.CreatedAtUnixMs)),
            StringComparer.Ordinal);
        IReadOnlyList<string>? listed;
        try
        {
            listed = await FindInstancesAsync(pacs, uid, cancellationToken);
        }
        catch (PacsAnswerIncompleteException e)
        {
            return StudyCheck.Unknown(e.Message);
        }

        if (listed is null)
        {
            // The PACS will not list instances: its count is all there is (held instances it may not have count too).
            if (reported < 0)
            {
                return StudyCheck.Unknown($"the PACS neither reports how many instances study {uid} has nor lists them at IMAGE level: it cannot be reconciled");
            }

            var counted = Math.Min(held.Count, reported);
            return new StudyCheck(counted, Math.Min(counted, held.Values.Count(created => created >= importStartedAt)), Math.Max(0, reported - held.Count),
                $"the PACS reports {reported} instances (it lists none at IMAGE level), the grid holds {held.Count}");
        }

        var present = listed.Where(held.ContainsKey).ToArray();
        var absent = listed.Count - present.Length;
        return new StudyCheck(present.Length, present.Count(sop => held[sop] >= importStartedAt), absent,
            $"the PACS lists {listed.Count} instances, {absent} of them not in the grid");
    }

    /// <summary>The import's reconciliation from every study's check.</summary>
    public static ImportReconciliationCounts Sum(IEnumerable<StudyCheck> checks)
    {
        long verified = 0, stored = 0, missing = 0;
        var unknown = false;
        foreach (var check in checks)
        {
            (verified, stored, missing, unknown) = (verified + check.Verified, stored + check.Stored, missing + check.Missing, unknown || check.IsUnknown);
        }

        return new ImportReconciliationCounts(verified, stored, verified - stored, 0, missing, missing == 0 && !unknown);
    }

    /// <summary>
    /// The SOP Instance UIDs of a study at the PACS (IMAGE-level C-FIND); null when the PACS refuses that query outright
    /// (no match was answered). An answer cut short after some matches cannot be known whole: it throws.
    /// </summary>
    private static async Task<IReadOnlyList<string>?> FindInstancesAsync(DicomClient client, string studyUid, CancellationToken cancellationToken)
    {
        var context = client.FindContext(ServiceUids.StudyRootFind) ?? throw new InvalidOperationException("the PACS refused Study Root C-FIND");
        var identifier = new DicomDataset();
        identifier.AddOrReplaceText(DicomTags.QueryRetrieveLevel, DicomVR.CS, "IMAGE");
        identifier.AddOrReplaceText(DicomTags.StudyInstanceUID, DicomVR.UI, studyUid);
        identifier.AddOrReplaceText(DicomTags.SeriesInstanceUID, DicomVR.UI, string.Empty);
        identifier.AddOrReplaceText(DicomTags.SOPInstanceUID, DicomVR.UI, string.Empty);
        var instances = new List<string>();
        await foreach (var response in client.FindAsync(ServiceUids.StudyRootFind, FindCommandIdentifier.Encode(identifier, context.TransferSyntax), cancellationToken: cancellationToken))
        {
            if (response.Status.IsPending && response.HasDataset && FindCommandIdentifier.Decode(response.Dataset, context.TransferSyntax).GetText(DicomTags.SOPInstanceUID)?.Trim() is { Length: > 0 } sop)
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

/// <summary>
/// One study checked: instances of the PACS held in the grid (<paramref name="Stored"/> of them by this import), missing,
/// and what a shortfall (or a study that cannot be checked) is reported as.
/// </summary>
internal sealed record StudyCheck(long Verified, long Stored, long Missing, string Shortfall, bool IsUnknown = false)
{
    public bool IsShort => Missing > 0 || IsUnknown;

    public static StudyCheck Unknown(string reason) => new(0, 0, 0, reason, IsUnknown: true);
}

/// <summary>The PACS answered a C-FIND only in part (it caps its answers, or failed): what was asked cannot be known whole.</summary>
internal sealed class PacsAnswerIncompleteException(string message) : Exception(message);
