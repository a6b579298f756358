using System.CommandLine;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scu;

namespace Archive.Cli.Commands.Dicom;

/// <summary><c>archivectl dicom echo HOST PORT</c>: C-ECHO (verification) as an SCU.</summary>
public static class EchoCommand
{
    public static Command Build()
    {
        var peer = new EchoCommandPeer();
        var command = new Command("echo", "Verify a DICOM peer with C-ECHO.");
        peer.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var (client, code) = await peer.ConnectAsync(parseResult, new PresentationContextList().Add(ServiceUids.Verification), error, cancellationToken);
            if (client is null)
            {
                return code;
            }

            await using (client)
            {
                try
                {
                    var status = await client.EchoAsync(cancellationToken);
                    await output.WriteLineAsync($"C-ECHO {status}");
                    return status.IsSuccess ? ExitCodes.Ok : ExitCodes.Failed;
                }
                catch (Exception ex) when (ex is AssociationAbortedException or InvalidOperationException)
                {
                    await error.WriteLineAsync($"echo failed: {ex.Message}");
                    return ExitCodes.Failed;
                }
            }
        });
        return command;
    }
}
