using System.CommandLine;
using Archive.Cli.Commands.Dicom;
using Archive.Cli.Commands.Node;

namespace Archive.Cli;

/// <summary><c>archivectl</c>: the operator CLI. Each command group lives in its own folder under Commands/.</summary>
public static class Program
{
    /// <summary>
    /// How long a command has after Ctrl+C to stop cleanly (release its associations, write its journal and report) before
    /// the process ends with 130: an interrupted import prints what it did and exits 1.
    /// </summary>
    public static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(15);

    public static Task<int> Main(string[] args) => InvokeAsync(args, new InvocationConfiguration { ProcessTerminationTimeout = InterruptGrace });

    /// <summary>Parses and runs <paramref name="args"/> as the process does (tests run commands through it); returns the exit code.</summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration configuration, CancellationToken cancellationToken = default)
    {
        var parsed = BuildRoot().Parse(args);
        var code = await parsed.InvokeAsync(configuration, cancellationToken);

        // System.CommandLine answers a usage error (an unknown option, a missing argument) with 1, which this CLI keeps
        // for "found a problem" (a degraded grid): a script must be able to tell a mistyped flag from that.
        return parsed.Errors.Count > 0 ? ExitCodes.Usage : code;
    }

    /// <summary>The whole command tree; tests parse against it without starting a process.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("archivectl — operate an Archive grid: DICOM tools, nodes, storage, scrub and repair.");
        root.Subcommands.Add(DicomCommand.Build());
        root.Subcommands.Add(NodeCommand.Build());
        root.Subcommands.Add(Commands.Map.MapCommand.Build());
        root.Subcommands.Add(Commands.Status.StatusCommand.Build());
        root.Subcommands.Add(Commands.Nodes.NodesCommand.Build());
        root.Subcommands.Add(Commands.Nodes.DisksCommand.Build());
        root.Subcommands.Add(Commands.Studies.StudiesCommand.Build());
        root.Subcommands.Add(Commands.Objects.ObjectsCommand.Build());
        root.Subcommands.Add(Commands.Cache.CacheCommand.Build());
        root.Subcommands.Add(Commands.Import.ImportCommand.Build());
        root.Subcommands.Add(Commands.Export.ExportCommand.Build());
        root.Subcommands.Add(Commands.Maintenance.ScrubCommand.Build());
        root.Subcommands.Add(Commands.Maintenance.RepairCommand.Build());
        root.Subcommands.Add(Commands.Maintenance.VerifyObjectsCommand.Build());
        root.Subcommands.Add(Commands.Audit.AuditCommand.Build());
        root.Subcommands.Add(Commands.Plan.PlanCommand.Build());
        root.Subcommands.Add(Commands.Rebalance.RebalanceCommand.Build());
        root.Subcommands.Add(Commands.Rebalance.DrainCommand.Build());
        return root;
    }
}
