using System.Collections.Concurrent;
using System.CommandLine;
using System.Net.Sockets;
using System.Threading.Channels;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scu;

namespace Archive.Cli.Commands.Import;

/// <summary>
/// Sends inspected files over parallel C-STORE associations, each file's dataset exactly as held
/// (its own transfer syntax, no transcoding). An association proposes every (SOP class, transfer
/// syntax) pair seen so far; a file with a new pair makes its worker re-associate. Answers go to
/// the journal; transient failures (association lost, 0xA7xx) are counted and left for a resumed
/// run. Thread-safe.
/// </summary>
internal sealed class ImportSender(ImportTarget target, ParseResult parseResult, ImportJournal journal, ImportProgress progress)
{
    private const int MaxContexts = 120;

    private readonly ConcurrentDictionary<(string SopClass, string Syntax), byte> _pairs = new();

    public async Task RunAsync(ChannelReader<ImportFile> files, int parallelism, CancellationToken cancellationToken)
    {
        var workers = Enumerable.Range(0, Math.Max(1, parallelism)).Select(_ => Task.Run(() => WorkAsync(files, cancellationToken), cancellationToken));
        await Task.WhenAll(workers);
    }

    private async Task WorkAsync(ChannelReader<ImportFile> files, CancellationToken cancellationToken)
    {
        DicomClient? client = null;
        var proposed = new HashSet<(string SopClass, string Syntax)>();
        try
        {
            await foreach (var file in files.ReadAllAsync(cancellationToken))
            {
                var pair = (file.SopClassUid, file.TransferSyntaxUid);
                _pairs.TryAdd(pair, 0);
                try
                {
                    if (client is null || !proposed.Contains(pair))
                    {
                        if (client is not null)
                        {
                            await ReleaseAsync(client);
                            client = null;
                        }

                        client = await ConnectAsync(pair, proposed, cancellationToken);
                    }

                    if (client.FindContext(file.SopClassUid, file.TransferSyntaxUid) is not { } context || context.TransferSyntax != file.TransferSyntaxUid)
                    {
                        Record(file, ImportOutcome.Refused, "presentation context rejected by the archive");
                        continue;
                    }

                    await using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
                    stream.Position = file.DatasetOffset;
                    var response = await client.StoreAsync(file.SopClassUid, file.SopInstanceUid, file.TransferSyntaxUid, stream, file.DatasetLength, cancellationToken: cancellationToken);
                    Answer(file, response);
                }
                catch (Exception e) when (e is AssociationAbortedException or SocketException or IOException or InvalidOperationException or TimeoutException && !cancellationToken.IsCancellationRequested)
                {
                    progress.OnFailed(file, e.Message);
                    client = await DropAsync(client);
                }
            }
        }
        finally
        {
            if (client is not null)
            {
                await ReleaseAsync(client);
            }
        }
    }

    private void Answer(ImportFile file, DimseResponse response)
    {
        var status = response.Status;
        var detail = $"0x{status.Code:X4} {response.Command.ErrorComment}".Trim();
        if (status.IsSuccess)
        {
            Record(file, ImportOutcome.Accepted, detail);
        }
        else if (status.Category == DimseStatusCategory.Warning)
        {
            Record(file, status.Code == DimseStatus.CoercionOfDataElements.Code ? ImportOutcome.NewVersion : ImportOutcome.Warning, detail);
        }
        else if (status.Code is >= 0xA700 and <= 0xA7FF)
        {
            progress.OnFailed(file, detail); // out of resources: retried by a resumed run
        }
        else
        {
            Record(file, ImportOutcome.Refused, detail);
        }
    }

    private void Record(ImportFile file, ImportOutcome outcome, string detail)
    {
        journal.Append(new ImportJournalEntry(outcome, file.SopInstanceUid, file.StudyInstanceUid, file.ExpectedSha256, detail, file.RelativePath));
        progress.OnAnswered(file, outcome);
    }

    /// <summary>A new association proposing <paramref name="wanted"/> and every other pair seen so far (recorded in <paramref name="proposed"/>).</summary>
    /// <exception cref="ImportUnreachableException">The archive cannot be reached or refuses the association: the run stops.</exception>
    private async Task<DicomClient> ConnectAsync((string SopClass, string Syntax) wanted, HashSet<(string SopClass, string Syntax)> proposed, CancellationToken cancellationToken)
    {
        proposed.Clear();
        proposed.Add(wanted);
        foreach (var pair in _pairs.Keys.Where(p => p != wanted).Take(MaxContexts - 1))
        {
            proposed.Add(pair);
        }

        var contexts = new PresentationContextList();
        foreach (var (sopClass, syntax) in proposed)
        {
            contexts.AddStorage(sopClass, syntax);
        }

        try
        {
            return await target.ConnectAsync(parseResult, contexts, cancellationToken);
        }
        catch (Exception e) when (e is AssociationAbortedException or AssociationRejectedException or SocketException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw new ImportUnreachableException($"cannot associate with the archive: {e.Message}", e);
        }
    }

    private static async Task<DicomClient?> DropAsync(DicomClient? client)
    {
        if (client is not null)
        {
            await client.AbortAsync();
            await client.DisposeAsync();
        }

        return null;
    }

    private static async Task ReleaseAsync(DicomClient client)
    {
        try
        {
            using var release = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.ReleaseAsync(release.Token);
        }
        catch (Exception e) when (e is AssociationAbortedException or IOException or SocketException or OperationCanceledException or InvalidOperationException)
        {
            // the association is gone either way
        }
        finally
        {
            await client.DisposeAsync();
        }
    }
}
