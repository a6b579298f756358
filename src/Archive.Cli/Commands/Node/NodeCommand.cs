using System.CommandLine;

namespace Archive.Cli.Commands.Node;

/// <summary><c>archivectl node …</c>: offline storage operations on one node's disks (the node must be stopped).</summary>
public static class NodeCommand
{
    public static Command Build()
    {
        var command = new Command("node", "Offline node storage: format data disks, show their labels, verify segments, rebuild the index from the disks.");
        command.Subcommands.Add(FormatDiskCommand.Build());
        command.Subcommands.Add(DisksCommand.Build());
        command.Subcommands.Add(VerifyCommand.Build());
        command.Subcommands.Add(RebuildIndexCommand.Build());
        return command;
    }
}
