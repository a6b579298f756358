using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;

namespace Archive.Cli.Commands.Dicom;

/// <summary>Receives every dataset and keeps nothing (like storescp --ignore): for throughput measurements. Thread-safe.</summary>
internal sealed class ScpCommandDiscardStore : ICStoreHandler
{
    private static readonly Operation Instance = new();

    public ValueTask<IStoreOperation> BeginStoreAsync(CStoreRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IStoreOperation>(Instance);

    private sealed class Operation : IStoreOperation
    {
        public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<DimseResult> CompleteAsync(CancellationToken cancellationToken) => ValueTask.FromResult(DimseResult.Success);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
