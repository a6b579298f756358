using Archive.Dicom.Network.Dimse;

namespace Archive.Dicom.Network.Scp;

/// <summary>Drains a dataset nobody wants and answers a fixed result.</summary>
internal sealed class DiscardStoreOperation(DimseResult result) : IStoreOperation
{
    public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<DimseResult> CompleteAsync(CancellationToken cancellationToken) => ValueTask.FromResult(result);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
