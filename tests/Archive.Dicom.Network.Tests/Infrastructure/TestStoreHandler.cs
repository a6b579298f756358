using System.Collections.Concurrent;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;

namespace Archive.Dicom.Network.Tests.Infrastructure;

/// <summary>Keeps every received dataset in memory, keyed by SOP Instance UID.</summary>
internal sealed class TestStoreHandler : ICStoreHandler
{
    public ConcurrentDictionary<string, (CStoreRequest Request, byte[] Data)> Received { get; } = new();

    public DimseStatus Status { get; set; } = DimseStatus.Success;

    public ValueTask<IStoreOperation> BeginStoreAsync(CStoreRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IStoreOperation>(new Operation(this, request));

    private sealed class Operation(TestStoreHandler owner, CStoreRequest request) : IStoreOperation
    {
        private readonly MemoryStream _data = new();

        public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken)
        {
            _data.Write(fragment.Span);
            return ValueTask.CompletedTask;
        }

        public ValueTask<DimseResult> CompleteAsync(CancellationToken cancellationToken)
        {
            owner.Received[request.SopInstanceUid] = (request, _data.ToArray());
            return ValueTask.FromResult(new DimseResult(owner.Status));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
