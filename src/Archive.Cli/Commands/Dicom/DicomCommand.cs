using System.CommandLine;

namespace Archive.Cli.Commands.Dicom;

/// <summary><c>archivectl dicom …</c>: DICOM file and network tools usable before any grid exists.</summary>
public static class DicomCommand
{
    public static Command Build()
    {
        var command = new Command("dicom", "DICOM tools: dump and transcode files; echo, store, find, move, commit as an SCU; a minimal SCP.");
        // One line per subcommand, each defined in its own file in this folder.
        command.Subcommands.Add(DumpCommand.Build());
        command.Subcommands.Add(TranscodeCommand.Build());
        command.Subcommands.Add(EchoCommand.Build());
        command.Subcommands.Add(StoreCommand.Build());
        command.Subcommands.Add(FindCommand.Build());
        command.Subcommands.Add(MoveCommand.Build());
        command.Subcommands.Add(CommitCommand.Build());
        command.Subcommands.Add(ScpCommand.Build());
        return command;
    }
}
