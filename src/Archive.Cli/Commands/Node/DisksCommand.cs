using System.CommandLine;
using System.Text.Json;
using Archive.Storage.Disks;
using Spectre.Console;

namespace Archive.Cli.Commands.Node;

/// <summary>
/// <c>archivectl node disks --disk DIR... [--node ID] [--json]</c>: shows each disk's label or why it is refused, and the
/// filesystem it shares with other disks given (<see cref="SharedFilesystems"/>: such disks fail together).
/// </summary>
public static class DisksCommand
{
    public static Command Build()
    {
        var disks = NodeOptions.Disks();
        var node = NodeOptions.Node();
        var json = new Option<bool>("--json") { Description = "Print JSON for scripts." };
        var command = new Command("disks", "Show the label of each data disk (id, node, format, created) or why it would be refused, and which share a filesystem.");
        command.Options.Add(disks);
        command.Options.Add(node);
        command.Options.Add(json);
        command.SetAction(parseResult =>
            Run(parseResult.GetValue(disks)!, parseResult.GetValue(node), parseResult.GetValue(json), parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Runs the command; returns <see cref="ExitCodes.Failed"/> when any disk would be refused.</summary>
    public static int Run(string[] roots, string? nodeText, bool json, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(output);
        if (!NodeOptions.TryParseNode(nodeText, out var node, error!))
        {
            return ExitCodes.Usage;
        }

        var shared = SharedFilesystems.Find(roots).SelectMany(s => s.Roots.Select(root => (root, s.Device))).ToDictionary(r => r.root, r => r.Device, StringComparer.Ordinal);
        var rows = roots.Select(root =>
        {
            var reason = DiskProbe.Probe(root, node, out var label);
            return new
            {
                root,
                status = reason.ToString(),
                disk = label?.DiskId.ToString(),
                node = label?.NodeId.ToString(),
                format = label is null ? null : $"{label.FormatMajor}.{label.FormatMinor}",
                created = label?.CreatedAt,
                sharedFilesystem = shared.GetValueOrDefault(root),
            };
        }).ToList();
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(rows));
        }
        else
        {
            var table = new Table().AddColumns("disk directory", "status", "disk id", "node id", "format", "created", "shares filesystem");
            foreach (var r in rows)
            {
                table.AddRow(Markup.Escape(r.root), r.status == nameof(DiskRefusalReason.None) ? "ok" : r.status, r.disk ?? "-", r.node ?? "-", r.format ?? "-", r.created?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "-", r.sharedFilesystem ?? "-");
            }

            Console(output).Write(table);
            if (shared.Count > 0)
            {
                output.WriteLine("Disks that share a filesystem (device shown) are lost together: the grid counts each as its own failure domain.");
            }
        }

        return rows.All(r => r.status == nameof(DiskRefusalReason.None)) ? ExitCodes.Ok : ExitCodes.Failed;
    }

    internal static IAnsiConsole Console(TextWriter output) =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.Detect });
}
