using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Dimse;
using Archive.Node.Diagnostics;

namespace Archive.Node.Dicom;

/// <summary>
/// Decorates one association's DIMSE service provider with <see cref="DicomMetrics"/>: one
/// operation count, byte count and latency per request, taken at the service boundary (never per
/// PDU). A C-STORE is timed from its command to its response, so receiving the dataset counts.
/// The calling AE label is bounded by <see cref="CallingAeLabels"/>.
/// </summary>
public sealed class MeteredDimseServiceProvider : IDimseServiceProvider
{
    private readonly IDimseServiceProvider _inner;
    private readonly DicomMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly string _callingAe;
    private long _storeStarted;

    public MeteredDimseServiceProvider(IDimseServiceProvider inner, AssociationInfo association, DicomMetrics metrics, CallingAeLabels labels, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(association);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(labels);
        _inner = inner;
        _metrics = metrics;
        _time = time ?? TimeProvider.System;
        _callingAe = labels.Of(association.CallingAeTitle);
        metrics.AssociationAccepted(_callingAe);
    }

    /// <inheritdoc />
    public async ValueTask<IStoreOperation> BeginStoreAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        // DIMSE requests of one association are sequential: one C-STORE is in flight at a time.
        _storeStarted = _time.GetTimestamp();
        var operation = await _inner.BeginStoreAsync(request, cancellationToken).ConfigureAwait(false);
        return new CountingStoreOperation(operation, bytes => _metrics.Received("C-STORE", _callingAe, bytes));
    }

    /// <inheritdoc />
    public async ValueTask HandleAsync(DimseRequest request, DimseResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var service = DicomMetrics.ServiceOf(request.Command.CommandField);
        var started = request.StoreOperation is null ? _time.GetTimestamp() : _storeStarted;
        if (request.StoreOperation is null)
        {
            _metrics.Received(service, _callingAe, request.Dataset.Length);
        }

        try
        {
            await _inner.HandleAsync(request, responder, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _metrics.Answered(service, _callingAe, responder.FinalStatus, _time.GetElapsedTime(started));
        }
    }

    /// <summary>Counts the dataset bytes of one C-STORE on their way to the real operation.</summary>
    private sealed class CountingStoreOperation(IStoreOperation inner, Action<long> received) : IStoreOperation
    {
        private long _bytes;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken)
        {
            _bytes += fragment.Length;
            return inner.WriteAsync(fragment, cancellationToken);
        }

        public ValueTask<DimseResult> CompleteAsync(CancellationToken cancellationToken)
        {
            received(_bytes);
            return inner.CompleteAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
