using System.Buffers;
using System.Threading.Channels;
using Archive.Dicom.Network.Association;
using Microsoft.Extensions.Logging;

namespace Archive.Dicom.Network.Dimse;

/// <summary>A message whose dataset is arriving, and the sink it streams to.</summary>
public sealed partial class DimseSession
{
    private sealed class Incoming(PresentationContext context, DimseCommand command, IDatasetSink sink, Channel<DimseResponse>? pending)
    {
        public PresentationContext Context { get; } = context;

        public DimseCommand Command { get; } = command;

        public IDatasetSink Sink { get; } = sink;

        public Channel<DimseResponse>? Pending { get; } = pending;

        /// <summary>Set when a store sink failed (disk full…): the rest of the dataset is drained and discarded.</summary>
        public Exception? Failure { get; private set; }

        public async ValueTask WriteAsync(ReadOnlySequence<byte> data, ILogger logger, long associationId, CancellationToken cancellationToken)
        {
            if (Failure is not null)
            {
                return;
            }

            try
            {
                foreach (var segment in data)
                {
                    await Sink.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (Sink is IStoreOperation && ex is not Pdu.DicomProtocolException and not OperationCanceledException)
            {
                DimseLog.SinkFailed(logger, associationId, Command.AffectedSopInstanceUid, ex);
                Failure = ex;
            }
        }

        public ValueTask DisposeAsync() => Sink.DisposeAsync();
    }

    /// <summary>Stands in for a store operation whose sink failed: the C-STORE answers 0xA700 and nothing is kept.</summary>
    private sealed class FailedStoreOperation(IStoreOperation inner) : IStoreOperation
    {
        public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<DimseResult> CompleteAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(new DimseResult(DimseStatus.OutOfResources, "could not write the dataset"));

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
