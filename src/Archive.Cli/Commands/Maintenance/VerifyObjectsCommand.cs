using System.CommandLine;
using Archive.Cli.Commands.Grid;
using Archive.Cli.Commands.Status;
using Archive.Contracts.V1;
using Grpc.Core;
using Spectre.Console;

namespace Archive.Cli.Commands.Maintenance;

/// <summary><c>archivectl verify &lt;study-uid|sop-uid&gt; [--study S]</c>: reads and checks every shard of the objects now.</summary>
public static class VerifyObjectsCommand
{
    private const string Help = """
        Read and check every shard of a study's objects (or one object) now, wherever they live, and print a report.
        A part is CROWDED when one disk, node, rack or site holds more of its shards than it tolerates losing (m; one per disk):
          complete now, but losing that one domain would lose it. The partition owner's rebalance pass spreads it; its
          anti-entropy check (daily, and after every settled rebalance) asks for that pass.
        Exit codes: 0 every object has all k+m shards good and none is crowded, 1 some shard is bad or missing (objects that can
          no longer be rebuilt are marked UNRECOVERABLE), some part is crowded, or nothing was found, 2 bad arguments, 4 node unreachable.
        JSON (--json): { queuedRepairs, objects[ { partitionKey, objectName, sha256, parts, dataShards, parityShards, okShards, totalShards,
          recoverable, bad[ { part, shard, nodeId, diskId, status } ], crowded[ { part, level, domain, limit, shards[] } ] } ] }
        Examples:
          archivectl verify 1.2.826.0.1.3680043.2.1125.1.1
          archivectl verify 1.2.826.0.1.3680043.2.1125.1.1.7            (an instance: its study is found in the catalog)
          archivectl verify 1.2.826.0.1.3680043.2.1125.1.1.7 --study 1.2.826.0.1.3680043.2.1125.1.1 --repair
        """;

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(30);

    public static Command Build()
    {
        var connection = new NodeConnection();
        var json = ReadCommandSupport.JsonOption();
        var uid = new Argument<string>("uid") { Description = "A Study Instance UID, or a SOP Instance UID (its study is looked up in the catalog unless --study gives it)." };
        var study = new Option<string?>("--study") { Description = "The Study Instance UID of the instance named by uid (skips the catalog lookup)." };
        var repair = new Option<bool>("--repair") { Description = "Queue every bad shard found for repair at once." };
        ReadCommandSupport.MustBeUid(uid);
        ReadCommandSupport.MustBeUid(study);
        var command = new Command("verify", Help);
        command.Arguments.Add(uid);
        command.Options.Add(study);
        command.Options.Add(repair);
        command.Options.Add(json);
        connection.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            VerifyReply reply;
            using (var channel = connection.Open(parseResult))
            {
                try
                {
                    var request = new VerifyRequest { Uid = parseResult.GetValue(uid)!, StudyUid = parseResult.GetValue(study) ?? string.Empty, Repair = parseResult.GetValue(repair) };
                    reply = await channel.Maintenance.VerifyAsync(request, channel.Call(cancellationToken, Deadline));
                }
                catch (RpcException e)
                {
                    return await ReadCommandSupport.FailAsync(parseResult, "verify", e);
                }
            }

            var report = new VerifyReport(reply.QueuedRepairs, reply.Objects.Select(o => new VerifiedObjectReport(
                o.PartitionKey, o.ObjectName, Convert.ToHexStringLower(o.Sha256.Span), o.Parts, o.DataShards, o.ParityShards, o.OkShards, o.TotalShards, o.Recoverable,
                o.Bad.Select(b => new BadShardReport(b.Part, b.Shard, b.NodeId, b.DiskId, b.Status)).ToArray(),
                o.Crowded.Select(c => new CrowdedReport(c.Part, c.Level, c.Domain, c.Limit, [.. c.Shards])).ToArray())).ToArray());
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(json))
            {
                await ReadCommandSupport.WriteJsonAsync(output, report);
            }
            else
            {
                Render(report, parseResult.GetValue(repair), ReadCommandSupport.Console(output));
            }

            return report.Objects.All(o => o.OkShards == o.TotalShards && o.Crowded.Count == 0) ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static void Render(VerifyReport report, bool repairAsked, IAnsiConsole console)
    {
        var table = new Table().AddColumns("object", "version", "shards good", "verdict", "bad shards");
        foreach (var o in report.Objects)
        {
            var verdict = (o.OkShards == o.TotalShards ? "complete" : o.Recoverable ? "degraded (repairable)" : "UNRECOVERABLE") + (o.Crowded.Count > 0 ? ", CROWDED" : string.Empty);
            table.AddRow(
                Markup.Escape(o.ObjectName),
                o.Sha256[..12],
                $"{o.OkShards}/{o.TotalShards} (k={o.DataShards}, m={o.ParityShards}, {o.Parts} part(s))",
                verdict,
                Markup.Escape(string.Join(", ", o.Bad.Select(b => $"p{b.Part}s{b.Shard}@{b.NodeId}/{b.DiskId[..Math.Min(8, b.DiskId.Length)]}:{b.Status}")
                    .Concat(o.Crowded.Select(c => $"p{c.Part}: {c.Level} {c.Domain} holds shards {string.Join("/", c.Shards)} (at most {c.Limit})")))));
        }

        console.Write(table);
        var complete = report.Objects.Count(o => o.OkShards == o.TotalShards);
        console.WriteLine($"{report.Objects.Count} object version(s): {complete} complete, {report.Objects.Count(o => o.OkShards < o.TotalShards && o.Recoverable)} degraded, {report.Objects.Count(o => !o.Recoverable)} unrecoverable, {report.Objects.Count(o => o.Crowded.Count > 0)} crowded{Queued(report, repairAsked)}");
    }

    /// <summary>What this verify queued: the repair queue's own depth is in <c>archivectl repair status</c>.</summary>
    private static string Queued(VerifyReport report, bool repairAsked) =>
        repairAsked ? $"; this verify queued {report.QueuedRepairs} repair item(s)"
        : report.Objects.Any(o => o.OkShards < o.TotalShards) ? "; nothing queued by this verify (--repair queues the bad shards)" : string.Empty;
}

internal sealed record VerifyReport(int QueuedRepairs, IReadOnlyList<VerifiedObjectReport> Objects);

internal sealed record VerifiedObjectReport(string PartitionKey, string ObjectName, string Sha256, int Parts, int DataShards, int ParityShards, int OkShards, int TotalShards, bool Recoverable, IReadOnlyList<BadShardReport> Bad, IReadOnlyList<CrowdedReport> Crowded);

internal sealed record BadShardReport(int Part, int Shard, string NodeId, string DiskId, string Status);

internal sealed record CrowdedReport(int Part, string Level, string Domain, int Limit, IReadOnlyList<int> Shards);
