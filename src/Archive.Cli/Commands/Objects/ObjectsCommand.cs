using System.CommandLine;
using Archive.Cli.Commands.Grid;
using Archive.Cli.Commands.Status;
using Archive.Contracts.V1;
using Grpc.Core;
using Spectre.Console;

namespace Archive.Cli.Commands.Objects;

/// <summary><c>archivectl objects UID</c>: the instances of a study (or one instance) with every stored version, its SHA-256 and its shard placement.</summary>
public static class ObjectsCommand
{
    private const string Help = """
        Look up the stored objects of a study (Study Instance UID) or one instance (SOP Instance UID):
        every version with its SHA-256, length, storage class and, with --placement, where each shard lives.
        Exit codes: 0 found, 1 nothing found (or an instance without a reachable manifest), 2 bad UID, 4 node unreachable.
        JSON (--json): { truncated, objects: [ { studyInstanceUid, seriesInstanceUid, sopInstanceUid, sopClassUid,
          transferSyntaxUid, modality, versions: [ { sha256 (hex), length, storageClass, dataShards, parityShards,
          createdAt, parts, shards: [ { part, shardIndex, nodeId, diskId } ] } ] } ] }
        Examples:
          archivectl objects 1.2.826.0.1.3680043.2.1125.1.42
          archivectl objects 1.2.3.4.5.6 --placement
          archivectl objects 1.2.3.4.5.6 --json | jq -r '.objects[] | .sopInstanceUid + " " + .versions[-1].sha256'
        """;

    public static Command Build()
    {
        var connection = new NodeConnection();
        var json = ReadCommandSupport.JsonOption();
        var uid = new Argument<string>("uid") { Description = "A Study Instance UID or a SOP Instance UID." };
        var placement = new Option<bool>("--placement") { Description = "Also list every shard's node and disk." };
        var limit = new Option<int>("--limit") { Description = "At most this many instances (default 100000).", DefaultValueFactory = _ => 100_000 };
        ReadCommandSupport.MustBeUid(uid);
        var command = new Command("objects", Help);
        command.Arguments.Add(uid);
        command.Options.Add(placement);
        command.Options.Add(limit);
        command.Options.Add(json);
        connection.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            ListObjectsReply reply;
            try
            {
                reply = await ObjectLookup.ListAsync(connection, parseResult, parseResult.GetValue(uid)!, parseResult.GetValue(limit), cancellationToken);
            }
            catch (RpcException e)
            {
                return await ReadCommandSupport.FailAsync(parseResult, "objects", e);
            }

            var objects = reply.Objects.Select(ObjectLookup.Row).ToArray();
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(json))
            {
                await ReadCommandSupport.WriteJsonAsync(output, new ObjectsReport(reply.Truncated, objects));
            }
            else
            {
                Render(objects, parseResult.GetValue(placement), ReadCommandSupport.Console(output));
            }

            return objects.Length > 0 && objects.All(o => o.Versions.Count > 0) ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static void Render(IReadOnlyList<ObjectRow> objects, bool placement, IAnsiConsole console)
    {
        var tree = new Tree($"{objects.Count} object(s)");
        foreach (var o in objects)
        {
            var node = tree.AddNode(Markup.Escape($"{o.SopInstanceUid}  {o.Modality}  series {o.SeriesInstanceUid}  study {o.StudyInstanceUid}  ts {o.TransferSyntaxUid}"));
            if (o.Versions.Count == 0)
            {
                node.AddNode("no reachable manifest");
            }

            foreach (var v in o.Versions)
            {
                var version = node.AddNode(Markup.Escape($"sha256 {v.Sha256}  {v.Length} B  {v.StorageClass} (k={v.DataShards}, m={v.ParityShards})  {v.Parts} part(s)  stored {v.CreatedAt:u}"));
                if (placement)
                {
                    foreach (var s in v.Shards)
                    {
                        version.AddNode(Markup.Escape($"part {s.Part} shard {s.ShardIndex}: {s.NodeId} / {s.DiskId}"));
                    }
                }
            }
        }

        console.Write(tree);
    }
}
