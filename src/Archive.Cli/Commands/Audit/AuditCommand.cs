using System.CommandLine;
using System.Globalization;
using Archive.Cli.Commands.Maintenance;
using Archive.Cli.Commands.Status;
using Archive.Contracts.V1;
using Spectre.Console;

namespace Archive.Cli.Commands.Audit;

/// <summary>
/// <c>archivectl audit list|verify</c>: every node's audit trail (who stored, queried, retrieved, asked for commitment,
/// was refused; what operators did), merged in time order; and a check of each node's numbering and hash chain.
/// </summary>
public static class AuditCommand
{
    /// <summary>Each node reads its day files (verify: all of them, a year is some gigabytes): minutes, not seconds.</summary>
    private static readonly TimeSpan ReadDeadline = TimeSpan.FromMinutes(30);

    public static Command Build()
    {
        var command = new Command("audit", "The audit trail each node keeps: stores, new versions and refusals, queries, retrieves, storage commitments, rejected callers, map changes and admin imports, exports, verifies and scrub controls. Never a patient name or ID.");
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(VerifyCommand());
        return command;
    }

    private static Command ListCommand()
    {
        const string help = """
            The audit records of every node matching the filters, oldest first (the newest --limit of them).
            Exit codes: 0 every node answered and none dropped events, 1 a node did not answer or dropped events (its audit disk refused
              writes too long), 2 bad arguments, 4 entry node unreachable.
            JSON (--json): { truncated, nodes[ { nodeId, error, dropped } ], records[ { time, nodeId, seq, type, actor, outcome, studyUid, subject, detail } ] }
            Examples:
              archivectl audit list                                   (the last 24 hours)
              archivectl audit list --since 2026-11-01 --until 2026-12-01 --actor PACS_NORTH --type store-new-version
              archivectl audit list --uid 1.2.826.0.1.3680043.2.1125.1.1 --since 30d --json
            """;
        var since = new Option<string?>("--since") { Description = "From this UTC time (2026-11-29, 2026-11-29T08:00) or this long ago (90m, 24h, 30d). Default 24h.", DefaultValueFactory = _ => "24h" };
        var until = new Option<string?>("--until") { Description = "Before this UTC time, or this long ago." };
        var types = new Option<string[]>("--type") { Description = "Only these event types: " + string.Join(", ", Storage.Audit.AuditTypes.All.Order(StringComparer.Ordinal)) + ".", AllowMultipleArgumentsPerToken = true };
        var actor = new Option<string?>("--actor") { Description = "Only this calling AE title (or admin address)." };
        var uid = new Option<string?>("--uid") { Description = "Only records naming this study, object or transaction UID." };
        var limit = new Option<int>("--limit") { Description = "At most this many records, the newest (1-10000).", DefaultValueFactory = _ => 1000 };
        var now = DateTimeOffset.UtcNow;
        var command = ReadCommandSupport.ReadCommand(
            "list",
            "audit list",
            help,
            async (connection, parseResult, cancellationToken) =>
            {
                var request = new ListAuditRequest
                {
                    SinceUnixMs = When(parseResult.GetValue(since), now)?.ToUnixTimeMilliseconds() ?? 0,
                    UntilUnixMs = When(parseResult.GetValue(until), now)?.ToUnixTimeMilliseconds() ?? 0,
                    Actor = parseResult.GetValue(actor) ?? string.Empty,
                    Uid = parseResult.GetValue(uid) ?? string.Empty,
                    Limit = parseResult.GetValue(limit),
                };
                request.EventTypes.AddRange(parseResult.GetValue(types) ?? []);
                var answers = await GridFanOut.AskEveryNodeAsync(connection, parseResult, (client, call) => client.ListAuditAsync(request, call).ResponseAsync, cancellationToken, ReadDeadline);
                return (Answers: answers, Limit: request.Limit);
            },
            data => AuditListReport.From(data.Answers, data.Limit),
            (report, _, console) => Render(report, console),
            (report, _) => report.Nodes.All(n => n.Error is null && n.Dropped == 0));
        command.Options.Add(since);
        command.Options.Add(until);
        command.Options.Add(types);
        command.Options.Add(actor);
        command.Options.Add(uid);
        command.Options.Add(limit);
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 10_000)
            {
                r.AddError("--limit must be between 1 and 10000");
            }
        });
        foreach (var time in new[] { since, until })
        {
            time.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<string?>() is { } text && When(text, now) is null)
                {
                    r.AddError($"{time.Name} '{text}' is neither a UTC time (2026-11-29T08:00) nor a duration (90m, 24h, 30d)");
                }
            });
        }

        command.Validators.Add(r =>
        {
            if (When(r.GetValue(since), now) is { } from && When(r.GetValue(until), now) is { } to && from >= to)
            {
                r.AddError($"--since ({from:u}) must come before --until ({to:u})");
            }
        });
        return command;
    }

    private static Command VerifyCommand()
    {
        const string help = """
            Walk every node's whole audit trail: records numbered 1, 2, 3... with no gap, each chained to the one before by its
            SHA-256, so a record changed, removed or inserted afterwards shows where.
            Exit codes: 0 every node's chain is intact, 1 a chain is broken or a node did not answer, 4 entry node unreachable.
            JSON (--json): [ { nodeId, error, records, lastSeq, intact, problem } ]
            Example: archivectl audit verify
            """;
        return ReadCommandSupport.ReadCommand(
            "verify",
            "audit verify",
            help,
            (connection, parseResult, cancellationToken) => GridFanOut.AskEveryNodeAsync(connection, parseResult, (client, call) => client.CheckAuditAsync(new CheckAuditRequest(), call).ResponseAsync, cancellationToken, ReadDeadline),
            answers => answers.Select(a => a.Reply is { } r
                ? new AuditChainView(a.NodeId, null, r.Records, r.LastSeq, r.Intact, r.Intact ? null : r.Problem)
                : new AuditChainView(a.NodeId, a.Error, 0, 0, false, null)).ToArray(),
            (report, _, console) =>
            {
                var table = new Table().AddColumns("node", "records", "last", "chain");
                foreach (var n in report)
                {
                    table.AddRow(Markup.Escape(n.NodeId), n.Records.ToString(CultureInfo.InvariantCulture), n.LastSeq.ToString(CultureInfo.InvariantCulture), Markup.Escape(n.Error is not null ? "not reached: " + n.Error : n.Intact ? "intact" : "BROKEN: " + n.Problem));
                }

                console.Write(table);
            },
            (report, _) => report.All(n => n.Intact));
    }

    /// <summary>A UTC time, or a duration back from <paramref name="now"/> (90m, 24h, 30d); null when it is neither.</summary>
    internal static DateTimeOffset? When(string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text.Length > 1 && char.IsAsciiLetter(text[^1]) && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            var ago = char.ToLowerInvariant(text[^1]) switch
            {
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => (TimeSpan?)null,
            };

            // Further back than the calendar goes means "from the first record".
            return ago is not { } span ? null : span >= now - DateTimeOffset.UnixEpoch ? DateTimeOffset.UnixEpoch : now - span;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
    }

    private static void Render(AuditListReport report, IAnsiConsole console)
    {
        var table = new Table().AddColumns("time (UTC)", "node", "#", "type", "actor", "from", "outcome", "study", "subject", "detail");
        foreach (var r in report.Records)
        {
            table.AddRow(
                r.Time.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
                Markup.Escape(r.NodeId),
                r.Seq.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(r.Type),
                Markup.Escape(r.Actor),
                Markup.Escape(r.From ?? string.Empty),
                Markup.Escape(r.Outcome),
                Markup.Escape(r.StudyUid ?? string.Empty),
                Markup.Escape(r.Subject ?? string.Empty),
                Markup.Escape(r.Detail ?? string.Empty));
        }

        console.Write(table);
        console.WriteLine($"{report.Records.Count} record(s){(report.Truncated ? " (more matched: the oldest left out; narrow with --since or raise --limit)" : string.Empty)}");
        foreach (var node in report.Nodes.Where(n => n.Error is not null || n.Dropped > 0))
        {
            console.WriteLine(node.Error is not null ? $"node {node.NodeId} not reached: {node.Error}" : $"node {node.NodeId} dropped {node.Dropped} audit event(s) since it started: its audit disk refused writes too long");
        }
    }
}

/// <summary>The merged trail as printed (JSON shape is stable: fields are only ever added).</summary>
internal sealed record AuditListReport(bool Truncated, IReadOnlyList<AuditNodeView> Nodes, IReadOnlyList<AuditRecordReport> Records)
{
    /// <summary>Every node's records in time order, the newest <paramref name="limit"/> of them.</summary>
    public static AuditListReport From(IReadOnlyList<NodeAnswer<ListAuditReply>> answers, int limit)
    {
        var records = answers.Where(a => a.Reply is not null).SelectMany(a => a.Reply!.Records).Select(r => new AuditRecordReport(
            DateTimeOffset.FromUnixTimeMilliseconds(r.TimeUnixMs), r.NodeId, r.Seq, r.Type, r.Actor, r.Outcome, Empty(r.StudyUid), Empty(r.Subject), Empty(r.Detail), Empty(r.From)))
            .OrderBy(r => r.Time).ThenBy(r => r.NodeId, StringComparer.Ordinal).ThenBy(r => r.Seq)
            .ToArray();
        var kept = records.Length > limit ? records[^limit..] : records;
        return new AuditListReport(
            answers.Any(a => a.Reply?.Truncated == true) || kept.Length < records.Length,
            answers.Select(a => new AuditNodeView(a.NodeId, a.Error, a.Reply?.Dropped ?? 0)).ToArray(),
            kept);

        static string? Empty(string s) => s.Length == 0 ? null : s;
    }
}

internal sealed record AuditNodeView(string NodeId, string? Error, long Dropped);

internal sealed record AuditRecordReport(DateTimeOffset Time, string NodeId, long Seq, string Type, string Actor, string Outcome, string? StudyUid, string? Subject, string? Detail, string? From = null);

internal sealed record AuditChainView(string NodeId, string? Error, long Records, long LastSeq, bool Intact, string? Problem);
