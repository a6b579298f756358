using Archive.Catalog.Model;
using Archive.Catalog.Query;
using Archive.Dicom.Model;
using Archive.Dicom.Network.Dimse;
using Archive.Grid.Map;
using Archive.Grid.Peers;
using Archive.Grid.Reading;
using Archive.Service.Configuration;
using Archive.Service.Querying;
using Archive.Storage.Primitives;
using Archive.Storage.Store;

namespace Archive.Service.Committing;

/// <summary>
/// Commits an instance only when it is fully safe (DESIGN.md §4): the catalog knows it under the
/// requestor's scope with the same SOP class, every one of its k + m shards verifies end to end on
/// its node, and the object read back matches its SHA-256. Missing shards (still being repaired)
/// or a catalog not every partition of which answered mean "not yet"; an unknown instance or a
/// class conflict fail at once. Thread-safe.
/// </summary>
public sealed class GridCommitmentVerifier(AeRegistry registry, ICatalogSearcher searcher, GridReader reader, GridMapHolder maps, IPeerConnector peers) : ICommitmentVerifier
{
    public async Task<CommitmentCheck> CheckAsync(CommitmentItem item, string callingAeTitle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var identifier = new DicomDataset();
        identifier.AddOrReplaceText(CatalogSchema.QueryRetrieveLevel, DicomVR.CS, "IMAGE");
        identifier.AddOrReplaceText(CatalogSchema.SopInstanceUid, DicomVR.UI, item.SopInstanceUid);
        if (!CatalogQuery.TryParse(identifier, QueryModel.StudyRoot, out var query, out _, out _))
        {
            return CommitmentCheck.Failed(StorageCommitmentFailureReasons.ProcessingFailure, "query");
        }

        IReadOnlyList<CatalogRow> rows;
        try
        {
            rows = await searcher.SearchAsync(query!, registry.ScopeOf(callingAeTitle), 2, cancellationToken).ConfigureAwait(false);
        }
        catch (PartitionsUnreachableException e)
        {
            return CommitmentCheck.NotYet(e.Message); // "no such instance" only when every partition could answer
        }

        if (rows.Count == 0)
        {
            return CommitmentCheck.Failed(StorageCommitmentFailureReasons.NoSuchObjectInstance, "not in the archive");
        }

        var row = rows[0];
        if (row.Get(CatalogSchema.SopClassUid) != item.SopClassUid)
        {
            return CommitmentCheck.Failed(StorageCommitmentFailureReasons.ClassInstanceConflict, "stored with another SOP class");
        }

        var manifest = await reader.FindAsync(row.Get(CatalogSchema.StudyInstanceUid)!, item.SopInstanceUid, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            return CommitmentCheck.NotYet("manifest not reachable");
        }

        var map = maps.Current;
        var bad = 0;
        foreach (var part in manifest.Parts)
        {
            for (var i = 0; i < part.Shards.Count; i++)
            {
                if (!await VerifyShardAsync(map, part.Shards[i].NodeId, new ShardKey(part.StorageKey, (ushort)i), cancellationToken).ConfigureAwait(false))
                {
                    bad++;
                }
            }
        }

        if (bad > 0)
        {
            return CommitmentCheck.NotYet($"{bad} shard(s) not yet durable and verified");
        }

        var read = await reader.ReadAsync(manifest, Stream.Null, cancellationToken).ConfigureAwait(false);
        return read.Status switch
        {
            GridReadStatus.Ok => CommitmentCheck.Committed,
            GridReadStatus.FixityMismatch => CommitmentCheck.Failed(StorageCommitmentFailureReasons.ProcessingFailure, "fixity check failed"),
            _ => CommitmentCheck.NotYet(read.Detail),
        };
    }

    private async Task<bool> VerifyShardAsync(GridMap map, string nodeId, ShardKey key, CancellationToken cancellationToken)
    {
        if (map.FindNode(nodeId) is not { } node)
        {
            return false;
        }

        try
        {
            var outcome = await peers.Connect(node).Shards.VerifyAsync(key, cancellationToken).ConfigureAwait(false);
            return outcome.Status == ShardStatus.Ok;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false; // unreachable now: not yet
        }
    }
}
