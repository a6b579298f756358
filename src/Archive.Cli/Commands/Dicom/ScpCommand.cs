using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Scp;
using Archive.Dicom.Network.Transport;

namespace Archive.Cli.Commands.Dicom;

/// <summary>
/// <c>archivectl dicom scp --aet AET --port P --folder DIR</c>: a minimal SCP (verification and every storage SOP
/// class) that accepts any caller and writes each received object as a Part 10 file. Runs until Ctrl+C.
/// </summary>
public static class ScpCommand
{
    public static Command Build()
    {
        var aet = new Option<string>("--aet") { Description = "Our AE title.", DefaultValueFactory = _ => "ARCHIVE" };
        var port = new Option<int>("--port") { Description = "TCP port to listen on (0 picks one and prints it).", DefaultValueFactory = _ => 11112 };
        var folder = new Option<DirectoryInfo>("--folder") { Description = "Where received objects are written (required unless --discard)." };
        var maxPdu = new Option<uint>("--max-pdu") { Description = "Maximum PDU length we receive.", DefaultValueFactory = _ => 256 * 1024 };
        var discard = new Option<bool>("--discard") { Description = "Receive but keep nothing (like storescp --ignore), for throughput tests; --folder is then unused." };
        var command = new Command("scp", "Run a minimal storage SCP that writes each received object to a folder.");
        command.Options.Add(aet);
        command.Options.Add(port);
        command.Options.Add(folder);
        command.Options.Add(maxPdu);
        command.Options.Add(discard);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var dir = parseResult.GetValue(folder);
            bool discarding = parseResult.GetValue(discard);
            if (dir is null && !discarding)
            {
                await error.WriteLineAsync("scp: --folder is required (or --discard)");
                return ExitCodes.Usage;
            }

            ScpCommandFolderStore? store = null;
            if (!discarding)
            {
                Directory.CreateDirectory(dir!.FullName);
                store = new ScpCommandFolderStore(dir.FullName, output);
            }
            DicomListener listener;
            try
            {
                listener = new DicomListener(
                    new DicomListenerOptions
                    {
                        EndPoint = new IPEndPoint(IPAddress.Any, parseResult.GetValue(port)),
                        Policy = new AssociationPolicy { AeTitle = parseResult.GetValue(aet)! },
                        Association = new AssociationOptions { MaxReceivePduLength = parseResult.GetValue(maxPdu) },
                    },
                    _ => new ScpDispatcher(new ScpServices { Store = store is null ? new ScpCommandDiscardStore() : store }));
                listener.Start();
            }
            catch (Exception ex) when (ex is ArgumentException or SocketException)
            {
                await error.WriteLineAsync($"scp: {ex.Message}");
                return ExitCodes.Usage;
            }

            await using (listener)
            {
                await output.WriteLineAsync($"listening on port {listener.Port} as {parseResult.GetValue(aet)}, {(store is null ? "discarding everything" : "writing to " + dir!.FullName)}");
                await output.FlushAsync(cancellationToken);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                }

                await output.WriteLineAsync($"stopping; {store?.Stored ?? 0} objects stored");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
