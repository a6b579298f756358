using System.CommandLine;
using Archive.Cli.Commands.Grid;
using Archive.Contracts.V1;

namespace Archive.Cli.Commands.Objects;

/// <summary>The <c>ListObjects</c> lookup and its JSON rows, shared by <c>objects</c>, <c>import</c> (reconciliation) and <c>export</c>.</summary>
internal static class ObjectLookup
{
    public static async Task<ListObjectsReply> ListAsync(NodeConnection connection, ParseResult parseResult, string uid, int limit, CancellationToken cancellationToken)
    {
        using var channel = connection.Open(parseResult);
        return await channel.Lookup.ListObjectsAsync(new ListObjectsRequest { Uid = uid, Limit = limit }, channel.Call(cancellationToken)).ResponseAsync;
    }

    public static ObjectRow Row(ObjectView o) => new(
        o.StudyInstanceUid,
        o.SeriesInstanceUid,
        o.SopInstanceUid,
        o.SopClassUid,
        o.TransferSyntaxUid,
        o.Modality,
        o.Versions.Select(v => new VersionRow(
            Convert.ToHexStringLower(v.Sha256.Span),
            v.Length,
            v.StorageClass,
            v.DataShards,
            v.ParityShards,
            DateTimeOffset.FromUnixTimeMilliseconds(v.CreatedAtUnixMs),
            v.Parts,
            v.Shards.Select(s => new ShardRow(s.Part, s.ShardIndex, s.NodeId, s.DiskId)).ToArray())).ToArray());
}

/// <summary>The <c>objects --json</c> shape (fields are only ever added).</summary>
internal sealed record ObjectsReport(bool Truncated, IReadOnlyList<ObjectRow> Objects);

/// <summary>One instance of <c>objects --json</c>; versions oldest first.</summary>
internal sealed record ObjectRow(string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid, string SopClassUid, string TransferSyntaxUid, string Modality, IReadOnlyList<VersionRow> Versions);

/// <summary>One stored version; <see cref="Sha256"/> is lower-case hex of the stored bytes.</summary>
internal sealed record VersionRow(string Sha256, long Length, string StorageClass, int DataShards, int ParityShards, DateTimeOffset CreatedAt, int Parts, IReadOnlyList<ShardRow> Shards);

/// <summary>Where one shard of one part lives.</summary>
internal sealed record ShardRow(int Part, int ShardIndex, string NodeId, string DiskId);
