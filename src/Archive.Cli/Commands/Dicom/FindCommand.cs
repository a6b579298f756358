using System.CommandLine;
using Archive.Dicom.IO;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Scu;

namespace Archive.Cli.Commands.Dicom;

/// <summary><c>archivectl dicom find HOST PORT --level STUDY -k PatientID=123 -k StudyInstanceUID</c>: C-FIND as an SCU; one JSON line per match.</summary>
public static class FindCommand
{
    public static Command Build()
    {
        var peer = new EchoCommandPeer();
        var query = new FindCommandIdentifier();
        var command = new Command("find", "Query a peer with C-FIND; prints each match as a DICOM JSON line.");
        peer.AddTo(command);
        query.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var session = await query.OpenAsync(parseResult, peer, "find", error, cancellationToken);
            if (session.Client is not { } client)
            {
                return session.ExitCode;
            }

            var (model, context, identifier) = (session.Model!, session.Context!, session.Identifier!);
            int matches = 0;
            await using (client)
            {
                try
                {
                    await foreach (var response in client.FindAsync(model, FindCommandIdentifier.Encode(identifier, context.TransferSyntax), cancellationToken: cancellationToken))
                    {
                        if (response.Status.IsPending && response.HasDataset)
                        {
                            matches++;
                            await output.WriteLineAsync(DicomJsonWriter.ToJson(FindCommandIdentifier.Decode(response.Dataset, context.TransferSyntax)));
                        }
                        else if (response.Status.IsFinal)
                        {
                            await error.WriteLineAsync($"C-FIND {response.Status}: {matches} matches");
                            return response.Status.IsSuccess ? ExitCodes.Ok : ExitCodes.Failed;
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
