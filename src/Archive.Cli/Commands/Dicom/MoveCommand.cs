using System.CommandLine;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Scu;

namespace Archive.Cli.Commands.Dicom;

/// <summary><c>archivectl dicom move HOST PORT --dest AE --level STUDY -k StudyInstanceUID=…</c>: C-MOVE as an SCU, printing sub-operation progress.</summary>
public static class MoveCommand
{
    public static Command Build()
    {
        var peer = new EchoCommandPeer();
        var query = new FindCommandIdentifier();
        var destination = new Option<string>("--dest") { Description = "Move destination AE title.", Required = true };
        var command = new Command("move", "Ask a peer to send matching instances to a destination AE with C-MOVE.");
        peer.AddTo(command);
        query.AddTo(command);
        command.Options.Add(destination);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var session = await query.OpenAsync(parseResult, peer, "move", error, cancellationToken);
            if (session.Client is not { } client)
            {
                return session.ExitCode;
            }

            var (model, context, identifier) = (session.Model!, session.Context!, session.Identifier!);
            await using (client)
            {
                try
                {
                    await foreach (var r in client.MoveAsync(model, parseResult.GetValue(destination)!, FindCommandIdentifier.Encode(identifier, context.TransferSyntax), cancellationToken: cancellationToken))
                    {
                        var c = r.Command;
                        await output.WriteLineAsync($"C-MOVE {r.Status} remaining={c.RemainingSubOperations} completed={c.CompletedSubOperations} failed={c.FailedSubOperations} warning={c.WarningSubOperations}");
                        if (r.Status.IsFinal)
                        {
                            return r.Status.IsSuccess ? ExitCodes.Ok : ExitCodes.Failed;
                        }
                    }
                }
                catch (AssociationAbortedException ex)
                {
                    await error.WriteLineAsync($"association ended: {ex.Failure}");
                }

                return ExitCodes.Failed;
            }
        });
        return command;
    }
}
