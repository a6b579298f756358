using System.CommandLine;
using Archive.Cli.Commands.Grid;
using Archive.Cli.Commands.Status;
using Archive.Contracts.V1;
using Grpc.Core;
using Spectre.Console;

namespace Archive.Cli.Commands.Maintenance;

/// <summary>
/// <c>archivectl scrub status|start [--now]|pause</c> on every node of the grid. Exit codes: 0 ok;
/// 1 when a node did not answer, or (status) when the last or current pass of a disk found bad
/// shards; 4 when the entry node cannot be reached.
/// </summary>
public static class ScrubCommand
{
    public static Command Build()
    {
        var command = new Command("scrub", "The integrity scrubber: every data disk read end to end on a schedule, every checksum verified, bad shards queued for repair.");
        command.Subcommands.Add(StatusCommand());
        command.Subcommands.Add(Control("start", "Resume the scrub on every node; --now also starts a full pass at once on every disk not already in one.", now: true));
        command.Subcommands.Add(Control("pause", "Pause the scrub on every node (until 'scrub start'; a restarted node stays paused).", now: false));
        return command;
    }

    private static Command StatusCommand()
    {
        const string help = """
            Scrub progress per node and disk: pass under way (segment, bytes read), last pass completed, bad shards found.
            Exit codes: 0 nothing bad found, 1 bad shards found in a disk's current or last pass or a node did not answer, 4 entry node unreachable.
            JSON (--json): [ { nodeId, error, ingestBytesPerSecond, bytesPerSecondPerDisk, periodSeconds,
              disks[ { diskId, paused, inPass, passStarted, segmentId, offset, passBytes, passBad, lastPassStarted, lastPassCompleted, segmentsScrubbed } ] } ]
            Examples:
              archivectl scrub status
              archivectl scrub status --node http://10.1.2.3:7100 --json | jq '.[].disks[].passBad'
            """;
        return ReadCommandSupport.ReadCommand(
            "status",
            "scrub status",
            help,
            (connection, parseResult, cancellationToken) => GridFanOut.AskEveryNodeAsync(connection, parseResult, (client, call) => client.ScrubStatusAsync(new ScrubStatusRequest(), call).ResponseAsync, cancellationToken),
            answers => answers.Select(ScrubNodeReport.From).ToArray(),
            (report, _, console) => Render(report, console),
            (report, _) => !report.Any(n => n.Error is not null || n.Disks.Any(d => d.PassBad > 0)));
    }

    private static Command Control(string name, string description, bool now)
    {
        var connection = new NodeConnection();
        var nowOption = new Option<bool>("--now") { Description = "Start a full pass at once on every disk that is not in one (ignores the schedule)." };
        var example = now ? "archivectl scrub start --now" : "archivectl scrub pause --node http://10.1.2.3:7100";
        var command = new Command(name, $"{description}\nExit codes: 0 every node answered, 1 a node did not, 4 entry node unreachable.\nExample: {example}");
        connection.AddTo(command);
        if (now)
        {
            command.Options.Add(nowOption);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            IReadOnlyList<NodeAnswer<ScrubControlReply>> answers;
            try
            {
                answers = await GridFanOut.AskEveryNodeAsync(connection, parseResult, (client, call) => now
                    ? client.ScrubStartAsync(new ScrubStartRequest { Now = parseResult.GetValue(nowOption) }, call).ResponseAsync
                    : client.ScrubPauseAsync(new ScrubPauseRequest(), call).ResponseAsync, cancellationToken);
            }
            catch (RpcException e)
            {
                return await ReadCommandSupport.FailAsync(parseResult, $"scrub {name}", e);
            }

            // Without --now, start only resumes: passes then follow the schedule, and the output must not say one began.
            var done = !now ? "paused" : parseResult.GetValue(nowOption) ? "resumed, a full pass started on every disk not in one" : "resumed, passes follow the schedule";
            var output = parseResult.InvocationConfiguration.Output;
            foreach (var answer in answers)
            {
                await output.WriteLineAsync(answer.Reply is { } reply
                    ? $"{answer.NodeId}: {done} ({reply.Disks} disks)"
                    : $"{answer.NodeId}: not reached ({answer.Error})");
            }

            return answers.Any(a => a.Reply is null) ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(IReadOnlyList<ScrubNodeReport> report, IAnsiConsole console)
    {
        var table = new Table().AddColumns("node", "disk", "state", "pass", "read", "bad", "last pass completed", "segments");
        foreach (var node in report)
        {
            if (node.Error is not null)
            {
                table.AddRow(Markup.Escape(node.NodeId), "", Markup.Escape("unreachable: " + node.Error), "", "", "", "", "");
                continue;
            }

            foreach (var disk in node.Disks)
            {
                var state = disk.Paused ? "paused" : disk.InPass ? "scrubbing" : "idle";
                table.AddRow(
                    Markup.Escape(node.NodeId),
                    disk.DiskId[..Math.Min(8, disk.DiskId.Length)],
                    state,
                    disk.PassStarted is { } started ? $"since {started:u}, segment {disk.SegmentId}" : "-",
                    ReadCommandSupport.Bytes(disk.PassBytes),
                    disk.PassBad.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    disk.LastPassCompleted is { } done ? done.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "never",
                    disk.SegmentsScrubbed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        console.Write(table);
    }
}

/// <summary>One node's scrub as printed (JSON shape is stable: fields are only ever added).</summary>
internal sealed record ScrubNodeReport(string NodeId, string? Error, double IngestBytesPerSecond, long BytesPerSecondPerDisk, long PeriodSeconds, IReadOnlyList<ScrubDiskReport> Disks)
{
    public static ScrubNodeReport From(NodeAnswer<ScrubStatusReply> answer) => answer.Reply is not { } reply
        ? new ScrubNodeReport(answer.NodeId, answer.Error, 0, 0, 0, [])
        : new ScrubNodeReport(answer.NodeId, null, reply.IngestBytesPerSecond, reply.BytesPerSecondPerDisk, reply.PeriodSeconds, reply.Disks.Select(d => new ScrubDiskReport(
            d.DiskId,
            d.Paused,
            d.PassStartedUnixMs > 0,
            ReadCommandSupport.FromUnixMs(d.PassStartedUnixMs),
            d.SegmentId,
            d.Offset,
            d.PassBytes,
            d.PassBad,
            ReadCommandSupport.FromUnixMs(d.LastPassStartedUnixMs),
            ReadCommandSupport.FromUnixMs(d.LastPassCompletedUnixMs),
            d.SegmentsScrubbed)).ToArray());
}

internal sealed record ScrubDiskReport(string DiskId, bool Paused, bool InPass, DateTimeOffset? PassStarted, ulong SegmentId, long Offset, long PassBytes, long PassBad, DateTimeOffset? LastPassStarted, DateTimeOffset? LastPassCompleted, int SegmentsScrubbed);
