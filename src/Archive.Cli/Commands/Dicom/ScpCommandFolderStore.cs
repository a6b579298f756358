using Archive.Dicom.IO;
using Archive.Dicom.Model;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;

namespace Archive.Cli.Commands.Dicom;

/// <summary>
/// Writes each received instance to <c>FOLDER/&lt;SOP Instance UID&gt;.dcm</c>: a Part 10 meta header then the dataset
/// bytes exactly as received. Written to a hidden temporary file first and renamed when complete, so a partial
/// object is never visible. Thread-safe.
/// </summary>
internal sealed class ScpCommandFolderStore(string folder, TextWriter log) : ICStoreHandler
{
    private int _stored;

    public int Stored => Volatile.Read(ref _stored);

    private string Folder => folder;

    private TextWriter Log => log;

    public async ValueTask<IStoreOperation> BeginStoreAsync(CStoreRequest request, CancellationToken cancellationToken)
    {
        if (!DicomTransferSyntax.TryLookup(request.TransferSyntaxUid, out var syntax) || request.SopInstanceUid.IndexOfAny(['/', '\\']) >= 0 || request.SopInstanceUid.StartsWith('.'))
        {
            return new Rejected(new DimseResult(DimseStatus.CannotUnderstand, "bad transfer syntax or SOP instance UID"));
        }

        string temp = Path.Combine(folder, $".{request.SopInstanceUid}.{Guid.NewGuid():N}.part");
        var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        await stream.WriteAsync(DicomPart10Envelope.Header(request.SopClassUid, request.SopInstanceUid, syntax), cancellationToken);
        return new Operation(this, request, stream, temp);
    }

    private sealed class Operation(ScpCommandFolderStore owner, CStoreRequest request, FileStream stream, string temp) : IStoreOperation
    {
        private bool _done;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken) => stream.WriteAsync(fragment, cancellationToken);

        public async ValueTask<DimseResult> CompleteAsync(CancellationToken cancellationToken)
        {
            await stream.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
            await stream.DisposeAsync();
            File.Move(temp, Path.Combine(owner.Folder, request.SopInstanceUid + ".dcm"), overwrite: true);
            _done = true;
            Interlocked.Increment(ref owner._stored);
            await owner.Log.WriteLineAsync($"stored {request.SopInstanceUid} from {request.Association.CallingAeTitle}");
            return DimseResult.Success;
        }

        public async ValueTask DisposeAsync()
        {
            await stream.DisposeAsync();
            if (!_done)
            {
                File.Delete(temp);
            }
        }
    }

    private sealed class Rejected(DimseResult result) : IStoreOperation
    {
        public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<DimseResult> CompleteAsync(CancellationToken cancellationToken) => ValueTask.FromResult(result);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
