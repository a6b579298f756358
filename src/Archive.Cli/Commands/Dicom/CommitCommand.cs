using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Archive.Dicom.Model;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;
using Archive.Dicom.Network.Scu;
using Archive.Dicom.Network.Transport;
using Archive.Dicom.Values;
using Archive.Tls;

namespace Archive.Cli.Commands.Dicom;

/// <summary>
/// <c>archivectl dicom commit HOST PORT FILE|DIR… [--instance CLASS:INSTANCE]…</c>: Storage Commitment Push Model as an
/// SCU (dcmtk has none). Sends one N-ACTION for the instances and prints the N-EVENT-REPORT, instance by instance: on
/// the same association, or with <c>--listen PORT</c> on a new one the peer opens after we release.
/// </summary>
public static class CommitCommand
{
    public static Command Build()
    {
        var peer = new EchoCommandPeer();
        var paths = new Argument<string[]>("paths") { Description = "Part 10 files or folders (searched recursively) whose instances to commit.", Arity = ArgumentArity.ZeroOrMore };
        var instances = new Option<string[]>("--instance") { Description = "An instance to commit given by its UIDs, SOPCLASSUID:SOPINSTANCEUID (repeatable).", AllowMultipleArgumentsPerToken = false };
        var wait = new Option<int>("--wait") { Description = "Seconds to wait for the report.", DefaultValueFactory = _ => 120 };
        var listen = new Option<int?>("--listen") { Description = "Release after the N-ACTION and wait for the report on this port (the peer must know our AE title's host and port; with --tls-cert the port takes TLS, as a TLS-bound AE's reports come); a report the peer sends before the release is taken on the requesting association, and the output says which." };
        var transaction = new Option<string?>("--transaction") { Description = "Transaction UID (default: a new 2.25 UID)." };
        var command = new Command("commit", "Ask a peer to commit instances (Storage Commitment) and print its report.");
        peer.AddTo(command);
        command.Arguments.Add(paths);
        command.Options.Add(instances);
        command.Options.Add(wait);
        command.Options.Add(listen);
        command.Options.Add(transaction);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var items = await ItemsAsync(parseResult.GetValue(paths)!, parseResult.GetValue(instances)!, error, cancellationToken);
            if (items is null)
            {
                return ExitCodes.Usage;
            }

            if (items.Count is 0 or > StorageCommitmentDatasets.MaxItems)
            {
                await error.WriteLineAsync($"commit: {items.Count} instances; give 1 to {StorageCommitmentDatasets.MaxItems:N0} (files, folders or --instance)");
                return ExitCodes.Usage;
            }

            var transactionUid = parseResult.GetValue(transaction) ?? DicomUid.Generate();
            if (!DicomUid.IsValid(transactionUid))
            {
                await error.WriteLineAsync($"commit: '{transactionUid}' is not a valid UID");
                return ExitCodes.Usage;
            }

            DicomTls? tls;
            try
            {
                tls = peer.Tls(parseResult);
            }
            catch (Exception ex) when (ex is ArgumentException or TlsMaterialException)
            {
                await error.WriteLineAsync($"bad argument: {ex.Message}");
                return ExitCodes.Usage;
            }

            var reports = new CommitCommandReports(parseResult.GetValue(peer.CallingAe)!);
            await using var listener = StartListener(parseResult.GetValue(listen), parseResult.GetValue(peer.CallingAe)!, reports, tls);
            var contexts = new PresentationContextList().Add(ServiceUids.StorageCommitmentPushModel, DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid);
            var (client, code) = await peer.ConnectAsync(parseResult, contexts, error, cancellationToken, new ScpDispatcher(new ScpServices { EventReport = reports }));
            if (client is null)
            {
                return code;
            }

            await using (client)
            {
                try
                {
                    if (client.FindContext(ServiceUids.StorageCommitmentPushModel) is not { } context)
                    {
                        await error.WriteLineAsync("commit: the peer does not accept Storage Commitment Push Model");
                        return ExitCodes.Failed;
                    }

                    var action = StorageCommitmentDatasets.EncodeAction(transactionUid, items, context.TransferSyntax);
                    var response = await client.NActionAsync(ServiceUids.StorageCommitmentPushModel, ServiceUids.StorageCommitmentPushModelInstance, StorageCommitmentDatasets.RequestCommitment, action, cancellationToken);
                    await output.WriteLineAsync($"N-ACTION {response.Status}: transaction {transactionUid}, {items.Count} instance(s)");
                    if (!response.Status.IsSuccess)
                    {
                        return ExitCodes.Failed;
                    }

                    if (listener is not null)
                    {
                        await client.ReleaseAsync(cancellationToken);
                    }

                    var report = await reports.WaitAsync(transactionUid, TimeSpan.FromSeconds(Math.Max(1, parseResult.GetValue(wait))), cancellationToken);
                    if (report is null)
                    {
                        await error.WriteLineAsync($"commit: no report for transaction {transactionUid} within {parseResult.GetValue(wait)} s");
                        return ExitCodes.Failed;
                    }

                    return await PrintAsync(report, items, output);
                }
                catch (AssociationAbortedException ex)
                {
                    await error.WriteLineAsync($"association ended: {ex.Failure}");
                    return ExitCodes.Failed;
                }
            }
        });
        return command;
    }

    /// <summary>The instances named by files and --instance, or null (after saying why) when one cannot be read.</summary>
    private static async Task<List<StorageCommitmentItem>?> ItemsAsync(string[] paths, string[] instances, TextWriter error, CancellationToken cancellationToken)
    {
        var items = new List<StorageCommitmentItem>();
        foreach (string path in StoreCommand.Expand(paths))
        {
            if (await StoreCommandFile.TryReadAsync(path, cancellationToken) is not { } file)
            {
                await error.WriteLineAsync($"skipped (not DICOM Part 10): {path}");
                continue;
            }

            items.Add(new StorageCommitmentItem(file.SopClassUid, file.SopInstanceUid));
        }

        foreach (string instance in instances)
        {
            var parts = instance.Split(':');
            if (parts.Length != 2 || !DicomUid.IsValid(parts[0]) || !DicomUid.IsValid(parts[1]))
            {
                await error.WriteLineAsync($"commit: --instance '{instance}' is not SOPCLASSUID:SOPINSTANCEUID");
                return null;
            }

            items.Add(new StorageCommitmentItem(parts[0], parts[1]));
        }

        return items.DistinctBy(i => (i.SopClassUid, i.SopInstanceUid)).ToList();
    }

    /// <summary>The listener for a report on a new association: over TLS when ours is (a TLS-bound AE's reports come over TLS).</summary>
    private static DicomListener? StartListener(int? port, string aeTitle, CommitCommandReports reports, DicomTls? tls)
    {
        if (port is not { } p)
        {
            return null;
        }

        var listener = new DicomListener(
            new DicomListenerOptions { EndPoint = new IPEndPoint(IPAddress.Any, p), Policy = new AssociationPolicy { AeTitle = aeTitle }, Tls = tls },
            _ => new ScpDispatcher(new ScpServices { EventReport = reports }));
        listener.Start();
        return listener;
    }

    /// <summary>One line per instance, then the summary; Ok only when every requested instance is reported committed.</summary>
    private static async Task<int> PrintAsync(CommitCommandReports.Report report, IReadOnlyList<StorageCommitmentItem> requested, TextWriter output)
    {
        var reported = report.Items.DistinctBy(i => (i.SopClassUid, i.SopInstanceUid)).ToDictionary(i => (i.SopClassUid, i.SopInstanceUid));
        foreach (var item in requested)
        {
            string line = reported.TryGetValue((item.SopClassUid, item.SopInstanceUid), out var r)
                ? r.FailureReason == 0 ? $"committed {item.SopInstanceUid}" : $"failed    {item.SopInstanceUid} 0x{r.FailureReason:X4} {StorageCommitmentFailureReasons.Describe(r.FailureReason)}"
                : $"missing   {item.SopInstanceUid} (not in the report)";
            await output.WriteLineAsync(line);
        }

        int committed = requested.Count(i => reported.TryGetValue((i.SopClassUid, i.SopInstanceUid), out var r) && r.FailureReason == 0);
        var where = report.OnNewAssociation ? "on a new association" : "on the requesting association";
        await output.WriteLineAsync($"N-EVENT-REPORT event type {report.EventType} from {report.PeerAeTitle}: {committed} of {requested.Count} committed ({where})");
        return committed == requested.Count && report.EventType == StorageCommitmentDatasets.AllCommitted ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
