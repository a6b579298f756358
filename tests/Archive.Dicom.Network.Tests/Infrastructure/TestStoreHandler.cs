using System.Collections.Concurrent;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;

namespace Archive.Dicom.Network.Tests.Infrastructure;

/// <summary>Keeps every received dataset in memory, keyed by SOP Instance UID.</summary>
internal sealed class TestStoreHandler : ICStoreHandler
{
    public ConcurrentDictionary<string, (CStoreRequest Request, byte[] Data)> Received { get; } = new();

    public DimseStatus Status { get; set; } = DimseStatus.Success;

    /// <summary>When set, completing a store throws it (a handler that fails).</summary>
    public Exception? Failure { get; set; }

    /// <summary>When set, every answer waits for it (one that never completes: a peer that takes a C-STORE and goes silent).</summary>
    public Task? HoldAnswers { get; set; }

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

        public async ValueTask<DimseResult> CompleteAsync(CancellationToken cancellationToken)
        {
            owner.Received[request.SopInstanceUid] = (request, _data.ToArray());
            if (owner.Failure is { } failure)
            {
                throw failure;
            }

            if (owner.HoldAnswers is { } hold)
            {
                await hold.WaitAsync(cancellationToken);
            }

            return new DimseResult(owner.Status);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
