using System.Buffers;
using System.IO.Pipelines;
using Archive.Dicom.Network.Pdu;

namespace Archive.Dicom.Network.Association;

/// <summary>The reader loop: framing, timers and the received-PDU events (Evt3, 4, 6, 10, 12, 13, 16, 17, 18, 19).</summary>
public sealed partial class AssociationEngine
{
    private async Task RunReaderAsync()
    {
        try
        {
            while (true)
            {
                ArmTimer(TimeoutFor(State));
                ReadResult result;
                try
                {
                    result = await _input.ReadAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Net.Sockets.SocketException or ObjectDisposedException)
                {
                    OnTransportClosed();
                    return;
                }

                if (result.IsCanceled)
                {
                    if (TimerExpired() && !await OnTimeoutAsync().ConfigureAwait(false))
                    {
                        return;
                    }

                    continue;
                }

                var buffer = result.Buffer;
                var consumed = buffer.Start;
                bool keepGoing = true;
                try
                {
                    // After our A-ABORT (Sta13) whatever still arrives is ignored unread (AA-6), not parsed: the rest of
                    // a large dataset would otherwise be taken for PDUs, one protocol error logged per fragment.
                    while (keepGoing && State != AssociationState.AwaitingTransportClose && TryReadFrame(buffer.Slice(consumed), out var frame, out var next))
                    {
                        consumed = next;
                        keepGoing = await OnFrameAsync(frame).ConfigureAwait(false);
                    }
                }
                catch (DicomProtocolException ex)
                {
                    consumed = buffer.End;
                    keepGoing = await OnInvalidPduAsync(ex).ConfigureAwait(false);
                }

                if (State == AssociationState.AwaitingTransportClose)
                {
                    consumed = buffer.End;
                }

                _input.AdvanceTo(consumed, buffer.End);
                if (!keepGoing)
                {
                    return;
                }

                if (result.IsCompleted)
                {
                    OnTransportClosed();
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            SetFailure(AssociationFailure.TransportClosed);
        }
        finally
        {
            ArmTimer(Timeout.InfiniteTimeSpan);
            await CloseTransportAsync().ConfigureAwait(false);
            var failure = _failure;
            _established.TrySetException(new AssociationAbortedException(failure ?? AssociationFailure.TransportClosed));
            if (failure is null)
            {
                _released.TrySetResult();
            }
            else
            {
                _released.TrySetException(new AssociationAbortedException(failure.Value));
            }

            _handler?.OnClosed(failure);
            AssociationLog.Ended(_logger, Id, State, failure?.ToString() ?? "released");
        }
    }

    private bool TryReadFrame(ReadOnlySequence<byte> buffer, out PduFrame frame, out SequencePosition next)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!PduFrame.TryRead(ref reader, _limits, out frame))
        {
            next = default;
            return false;
        }

        next = reader.Position;
        return true;
    }

    /// <summary>Handles one whole PDU; returns false when the reader loop must stop (transport closed).</summary>
    private async ValueTask<bool> OnFrameAsync(PduFrame frame)
    {
        switch (frame.Type)
        {
            case PduType.AssociateRequest:
                var request = AssociatePduReader.ReadRequest(frame.Body, _limits);
                return await OnEventAsync(AssociationEvent.AssociateRequestReceived, AssociationFailure.UnexpectedPdu, request).ConfigureAwait(false);
            case PduType.AssociateAccept:
                var accept = AssociatePduReader.ReadAccept(frame.Body, _limits);
                return await OnEventAsync(AssociationEvent.AssociateAcceptReceived, AssociationFailure.UnexpectedPdu, accept).ConfigureAwait(false);
            case PduType.AssociateReject:
                var reject = PduReader.ParseReject(frame.Body);
                return await OnEventAsync(AssociationEvent.AssociateRejectReceived, AssociationFailure.UnexpectedPdu, reject).ConfigureAwait(false);
            case PduType.PData:
                return await OnEventAsync(AssociationEvent.PDataReceived, AssociationFailure.UnexpectedPdu, frame.Body).ConfigureAwait(false);
            case PduType.ReleaseRequest:
                return await OnEventAsync(AssociationEvent.ReleaseRequestReceived, AssociationFailure.UnexpectedPdu, null).ConfigureAwait(false);
            case PduType.ReleaseResponse:
                return await OnEventAsync(AssociationEvent.ReleaseResponseReceived, AssociationFailure.UnexpectedPdu, null).ConfigureAwait(false);
            default:
                var abort = PduReader.ParseAbort(frame.Body);
                return await OnEventAsync(AssociationEvent.AbortReceived, AssociationFailureTable.FromAbort(abort), abort).ConfigureAwait(false);
        }
    }

    private ValueTask<bool> OnInvalidPduAsync(DicomProtocolException ex)
    {
        AssociationLog.ProtocolError(_logger, Id, State, ex.Failure, ex.Message);
        return OnEventAsync(AssociationEvent.InvalidPduReceived, ex.Failure, null);
    }

    /// <summary>Fires <paramref name="evt"/> and performs the action the table gives.</summary>
    private async ValueTask<bool> OnEventAsync(AssociationEvent evt, AssociationFailure failure, object? payload)
    {
        var action = Fire(evt);
        switch (action)
        {
            case AssociationAction.AE3:
                var info = AssociationInfo.From(_request!, (AssociateAccept)payload!) with { RemoteAddress = RemoteAddress };
                _info = info;
                _handler = _handlerFactory!(this);
                _established.TrySetResult(info);
                return true;
            case AssociationAction.AE4:
                var reject = (AssociateReject)payload!;
                SetFailure(AssociationFailureTable.FromReject(reject));
                _established.TrySetException(new AssociationRejectedException(reject));
                return false;
            case AssociationAction.AE6:
                return await OnAssociateRequestAsync((AssociateRequest)payload!).ConfigureAwait(false);
            case AssociationAction.DT2:
            case AssociationAction.AR6:
                return await DeliverPDataAsync((ReadOnlySequence<byte>)payload!).ConfigureAwait(false);
            case AssociationAction.AR2:
                await _handler!.OnReleaseRequestedAsync(_closing.Token).ConfigureAwait(false);
                Fire(AssociationEvent.LocalReleaseResponse);
                await WritePduAsync(PduWriter.WriteReleaseResponse, CancellationToken.None).ConfigureAwait(false);
                return true;
            case AssociationAction.AR8:
                if (State == AssociationState.CollisionRequestorAwaitingLocalResponse)
                {
                    Fire(AssociationEvent.LocalReleaseResponse);
                    await WritePduAsync(PduWriter.WriteReleaseResponse, CancellationToken.None).ConfigureAwait(false);
                }

                return true;
            case AssociationAction.AR3:
                _released.TrySetResult();
                return false;
            case AssociationAction.AR10:
                _released.TrySetResult();
                Fire(AssociationEvent.LocalReleaseResponse);
                await WritePduAsync(PduWriter.WriteReleaseResponse, CancellationToken.None).ConfigureAwait(false);
                return true;
            case AssociationAction.AA3:
                SetFailure(failure);
                return false;
            case AssociationAction.AA6:
                return true;
            case AssociationAction.AA1:
            case AssociationAction.AA7:
            case AssociationAction.AA8:
                SetFailure(failure);
                await SendAbortAsync(failure).ConfigureAwait(false);
                return true;
            case AssociationAction.AA2:
                SetFailure(failure);
                return false;
            default:
                SetFailure(AssociationFailure.UnexpectedPdu);
                return false;
        }
    }

    private async ValueTask<bool> OnAssociateRequestAsync(AssociateRequest request)
    {
        AssociationLog.Requested(_logger, Id, request.CallingAeTitle, request.CalledAeTitle, request.PresentationContexts.Count);
        var result = _negotiate!(request);
        if (result.Accept is { } accept)
        {
            _info = AssociationInfo.From(request, accept) with { RemoteAddress = RemoteAddress };
            _handler = _handlerFactory!(this);
            Fire(AssociationEvent.LocalAssociateAccept);
            await WritePduAsync(w => PduWriter.WriteAssociateAccept(w, accept), CancellationToken.None).ConfigureAwait(false);
            AssociationLog.Accepted(_logger, Id, request.CallingAeTitle, request.CalledAeTitle, _info.Contexts.Count, request.PresentationContexts.Count, request.UserInformation.MaxPduLength);
            _established.TrySetResult(_info);
            return true;
        }

        var reject = AssociationFailureTable.ToReject(result.Failure) ?? AssociationFailureTable.ToReject(AssociationFailure.RejectedNoReason)!.Value;
        AssociationLog.Rejected(_logger, Id, request.CallingAeTitle, request.CalledAeTitle, result.Failure);
        if (result.Failure == AssociationFailure.RejectedNoReason)
        {
            // The peer sees "no reason given" (as dcmtk's SCPs send it): the log says what it asked for.
            var proposed = request.PresentationContexts.Select(c => c.AbstractSyntax).Distinct(StringComparer.Ordinal).ToArray();
            AssociationLog.NoContextAcceptable(_logger, Id, string.Join(", ", proposed.Take(8)) + (proposed.Length > 8 ? $" (+{proposed.Length - 8} more)" : string.Empty));
        }

        SetFailure(result.Failure);
        Fire(AssociationEvent.LocalAssociateReject);
        await WritePduAsync(w => PduWriter.WriteAssociateReject(w, reject), CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    private async ValueTask<bool> DeliverPDataAsync(ReadOnlySequence<byte> body)
    {
        var handler = _handler!;
        var contexts = _info!.Contexts;
        var rest = body;
        int count = 0;
        while (TryNextPdv(ref rest, out var pdv))
        {
            count++;
            if (!contexts.ContainsKey(pdv.PresentationContextId))
            {
                ThrowHelper.ThrowProtocol(AssociationFailure.UnexpectedPduParameter, $"PDV for presentation context {pdv.PresentationContextId}, which was not accepted");
            }

            try
            {
                await handler.OnPdvAsync(pdv, _closing.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not DicomProtocolException and not OperationCanceledException)
            {
                AssociationLog.HandlerFailed(_logger, Id, ex);
                SetFailure(AssociationFailure.ReasonNotSpecified);
                await AbortAsync(AssociationFailure.ReasonNotSpecified).ConfigureAwait(false);
                return true;
            }
        }

        if (count == 0)
        {
            ThrowHelper.ThrowProtocol(AssociationFailure.InvalidPduParameterValue, "P-DATA-TF without PDV items");
        }

        return true;
    }

    private static bool TryNextPdv(ref ReadOnlySequence<byte> rest, out Pdv pdv)
    {
        var reader = new SequenceReader<byte>(rest);
        if (!Pdv.TryRead(ref reader, out pdv))
        {
            return false;
        }

        rest = reader.UnreadSequence;
        return true;
    }

    private void OnTransportClosed()
    {
        var action = Fire(AssociationEvent.TransportClosed);
        if (action != AssociationAction.AR5 && action != AssociationAction.AA5)
        {
            SetFailure(AssociationFailure.TransportClosed);
        }
        else if (action == AssociationAction.AA5)
        {
            SetFailure(AssociationFailure.TransportClosed);
        }
    }

    /// <summary>A timer expired while reading; returns false when the loop must stop.</summary>
    private async ValueTask<bool> OnTimeoutAsync()
    {
        var state = State;
        AssociationLog.TimerExpired(_logger, Id, state);
        if (state is AssociationState.AwaitingAssociateRequest or AssociationState.AwaitingTransportClose)
        {
            Fire(AssociationEvent.ArtimExpired);
            SetFailure(AssociationFailure.ArtimExpired);
            return false;
        }

        if (state == AssociationState.Established && (_handler is { HasOutstandingWork: true } || Volatile.Read(ref _sending) > 0))
        {
            // Quiet because an operation is in progress (a slow store, a long move, a large object going out): not idle.
            // A send the peer stopped taking is aborted by its own deadline (SendMessageAsync).
            return true;
        }

        await AbortAsync(state switch
        {
            AssociationState.Established => AssociationFailure.IdleTimeout,
            _ when IsAwaitingResponse(state) => AssociationFailure.ResponseTimeout,
            _ => AssociationFailure.ArtimExpired,
        }).ConfigureAwait(false);
        return true;
    }

    private TimeSpan TimeoutFor(AssociationState state) => state switch
    {
        AssociationState.Established => _options.IdleTimeout,
        _ when IsAwaitingResponse(state) => _options.ResponseTimeout,
        AssociationState.AwaitingTransportClose when Volatile.Read(ref _abortSent) => _options.AbortLinger < _options.ArtimTimeout ? _options.AbortLinger : _options.ArtimTimeout,
        _ => _options.ArtimTimeout,
    };

    private static bool IsAwaitingResponse(AssociationState state) => state is AssociationState.AwaitingAssociateResponse or AssociationState.AwaitingReleaseResponse
        or AssociationState.CollisionAcceptorAwaitingReleaseResponse or AssociationState.CollisionRequestorAwaitingReleaseResponse;

    /// <summary>
    /// Sets the deadline of the current wait and reschedules the timer for it: one timer-queue operation per read,
    /// small next to parsing a PDU, and the simplest schedule to reason about. A timer that still fires early
    /// (granularity, or a callback already queued before the reschedule) re-arms itself for the rest in
    /// <see cref="OnTimer"/>.
    /// </summary>
    private void ArmTimer(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            Interlocked.Exchange(ref _deadlineTimestamp, long.MaxValue);
            if (Interlocked.Exchange(ref _timerDueTimestamp, long.MaxValue) != long.MaxValue)
            {
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            return;
        }

        long deadline = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
        Interlocked.Exchange(ref _deadlineTimestamp, deadline);
        Interlocked.Exchange(ref _timerDueTimestamp, deadline);
        _timer.Change(timeout, Timeout.InfiniteTimeSpan);
    }

    private bool TimerExpired() => _time.GetTimestamp() >= Volatile.Read(ref _deadlineTimestamp);

    private void OnTimer()
    {
        Interlocked.Exchange(ref _timerDueTimestamp, long.MaxValue);
        long deadline = Interlocked.Read(ref _deadlineTimestamp);
        if (deadline == long.MaxValue)
        {
            return;
        }

        long remaining = deadline - _time.GetTimestamp();
        if (remaining <= 0)
        {
            _input.CancelPendingRead();
            return;
        }

        // Fired before the deadline (it moved on since, or timer granularity): wait for the rest.
        try
        {
            Interlocked.Exchange(ref _timerDueTimestamp, deadline);
            _timer.Change(TimeSpan.FromSeconds((double)remaining / _time.TimestampFrequency) + TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
