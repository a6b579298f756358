using System.Buffers;
using System.IO.Pipelines;
using Archive.Dicom.Network.Pdu;

namespace Archive.Dicom.Network.Association;

/// <summary>Local primitives: P-DATA requests (Evt9), A-RELEASE (Evt11) and A-ABORT (Evt15), and transport close.</summary>
public sealed partial class AssociationEngine
{
    /// <summary>
    /// Sends one DIMSE message on context <paramref name="contextId"/>: the encoded command set, then
    /// <paramref name="datasetLength"/> bytes read from <paramref name="dataset"/> (null for none), fragmented to the
    /// peer's maximum PDU length, and one zero byte after them when <paramref name="padOddDataset"/> and the length is odd
    /// (a Deflated dataset, PS3.5 A.5). Messages are serialized; the dataset is streamed, never loaded whole. A peer
    /// that takes nothing for <see cref="AssociationOptions.IdleTimeout"/> while a message is being sent (it stopped
    /// reading) has the association aborted. Throws <see cref="AssociationAbortedException"/> when the association is
    /// not (or no longer) able to send.
    /// </summary>
    public async ValueTask SendMessageAsync(byte contextId, ReadOnlyMemory<byte> command, Stream? dataset, long datasetLength, CancellationToken cancellationToken, bool padOddDataset = false)
    {
        if (_closing.IsCancellationRequested)
        {
            throw new AssociationAbortedException(_failure ?? AssociationFailure.ReasonNotSpecified);
        }

        using var stalled = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token, stalled.Token);
        var ct = linked.Token;
        try
        {
            await _sendLock.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ObjectDisposedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new AssociationAbortedException(_failure ?? AssociationFailure.ReasonNotSpecified);
        }

        var stall = new SendStall(stalled, _options.IdleTimeout);
        Interlocked.Increment(ref _sending);
        try
        {
            var action = Fire(AssociationEvent.LocalPData);
            if (action is not (AssociationAction.DT1 or AssociationAction.AR7))
            {
                throw new AssociationAbortedException(_failure ?? AssociationFailure.ReasonNotSpecified);
            }

            int fragment = PDataWriter.MaxFragmentLength(PeerMaxPduLength, _options.MaxSendFragmentLength);
            await WriteCommandAsync(contextId, command, fragment, stall, ct).ConfigureAwait(false);
            if (dataset is not null)
            {
                await WriteDatasetAsync(contextId, dataset, datasetLength, padOddDataset && datasetLength % 2 == 1, fragment, stall, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stalled.IsCancellationRequested && !cancellationToken.IsCancellationRequested && !_closing.IsCancellationRequested)
        {
            stall.Expired = true;
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new AssociationAbortedException(_failure ?? AssociationFailure.ReasonNotSpecified);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException && ex is not AssociationAbortedException)
        {
            throw new AssociationAbortedException(_failure ?? AssociationFailure.TransportClosed);
        }
        finally
        {
            Interlocked.Decrement(ref _sending);
            _sendLock.Release();
        }

        if (stall.Expired)
        {
            // Aborted once the send lock is free: the A-ABORT takes it, and goes out if the peer reads at all.
            AssociationLog.SendStalled(_logger, Id, _options.IdleTimeout);
            await AbortAsync(AssociationFailure.IdleTimeout).ConfigureAwait(false);
            throw new AssociationAbortedException(AssociationFailure.IdleTimeout);
        }
    }

    /// <summary>The deadline of each flush of a message: <see cref="AssociationOptions.IdleTimeout"/> for the peer to take it.</summary>
    private sealed class SendStall(CancellationTokenSource source, TimeSpan timeout)
    {
        public bool Expired { get; set; }

        public async ValueTask FlushAsync(PipeWriter output, CancellationToken cancellationToken)
        {
            if (timeout == Timeout.InfiniteTimeSpan)
            {
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            source.CancelAfter(timeout);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            source.CancelAfter(Timeout.InfiniteTimeSpan); // reading the next fragment from its source is not the peer's time
        }
    }

    /// <summary>
    /// A-RELEASE request: sends A-RELEASE-RP and waits for the A-RELEASE-RP (handling a release collision) and the
    /// transport close. Throws <see cref="AssociationAbortedException"/> if the association ends otherwise.
    /// </summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fire(AssociationEvent.LocalReleaseRequest) != AssociationAction.AR1)
            {
                throw new AssociationAbortedException(_failure ?? AssociationFailure.ReasonNotSpecified);
            }

            // The reader armed the idle deadline of the established association; the response has the response timeout.
            ArmTimer(_options.ResponseTimeout);

            PduWriter.WriteReleaseRequest(_output);
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }

        await _released.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _readerTask.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A-ABORT request: sends an A-ABORT for <paramref name="reason"/> (service-user for <see cref="AssociationFailure.UserAbort"/>)
    /// and stops every pending operation. Safe to call from any thread, any number of times.
    /// </summary>
    public async ValueTask AbortAsync(AssociationFailure reason = AssociationFailure.UserAbort)
    {
        var action = Fire(AssociationEvent.LocalAbort);
        if (action != AssociationAction.AA1)
        {
            return;
        }

        SetFailure(reason);
        await SendAbortAsync(reason).ConfigureAwait(false);
        _input.CancelPendingRead();
    }

    private async ValueTask SendAbortAsync(AssociationFailure reason)
    {
        Volatile.Write(ref _abortSent, true); // the wait for the peer to close is short from here (AbortLinger)
        try
        {
            await _closing.CancelAsync().ConfigureAwait(false);
            if (!await _sendLock.WaitAsync(_options.ArtimTimeout).ConfigureAwait(false))
            {
                return;
            }

            try
            {
                PduWriter.WriteAbort(_output, AssociationFailureTable.ToAbort(reason));
                using var cts = new CancellationTokenSource(_options.ArtimTimeout, _time);
                await _output.FlushAsync(cts.Token).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The peer is gone already; the reader loop sees the close.
        }
    }

    /// <summary>Writes one whole non-data PDU under the send lock.</summary>
    private async ValueTask WritePduAsync(Action<IBufferWriter<byte>> write, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            write(_output);
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async ValueTask WriteCommandAsync(byte contextId, ReadOnlyMemory<byte> command, int fragment, SendStall stall, CancellationToken ct)
    {
        int offset = 0;
        do
        {
            int n = Math.Min(fragment, command.Length - offset);
            bool last = offset + n == command.Length;
            PDataWriter.WriteFragment(_output, contextId, isCommand: true, last, command.Span.Slice(offset, n));
            offset += n;
        }
        while (offset < command.Length);

        await stall.FlushAsync(_output, ct).ConfigureAwait(false);
    }

    /// <param name="pad">One zero byte follows the <paramref name="length"/> bytes of <paramref name="dataset"/> in the last fragment.</param>
    private async ValueTask WriteDatasetAsync(byte contextId, Stream dataset, long length, bool pad, int fragment, SendStall stall, CancellationToken ct)
    {
        long remaining = length + (pad ? 1 : 0);
        if (remaining == 0)
        {
            PDataWriter.WriteFragment(_output, contextId, isCommand: false, isLast: true, ReadOnlySpan<byte>.Empty);
        }

        while (remaining > 0)
        {
            int n = (int)Math.Min(fragment, remaining);
            var memory = _output.GetMemory(PDataWriter.Overhead + n);
            int fromDataset = pad && n == remaining ? n - 1 : n;
            if (dataset is FileStream)
            {
                // Local file reads are page-cache copies: a synchronous read beats a thread-pool hop per fragment.
                dataset.ReadExactly(memory.Span.Slice(PDataWriter.Overhead, fromDataset));
            }
            else
            {
                await dataset.ReadExactlyAsync(memory.Slice(PDataWriter.Overhead, fromDataset), ct).ConfigureAwait(false);
            }

            if (fromDataset < n)
            {
                memory.Span[PDataWriter.Overhead + fromDataset] = 0;
            }

            remaining -= n;
            PDataWriter.WriteHeader(memory.Span, contextId, isCommand: false, isLast: remaining == 0, n);
            _output.Advance(PDataWriter.Overhead + n);
            if (_output.UnflushedBytes >= _options.SendFlushThreshold || remaining == 0)
            {
                await stall.FlushAsync(_output, ct).ConfigureAwait(false);
            }
        }

        await stall.FlushAsync(_output, ct).ConfigureAwait(false);
    }

    private async ValueTask CloseTransportAsync()
    {
        await _closing.CancelAsync().ConfigureAwait(false);
        bool locked = false;
        try
        {
            locked = await _sendLock.WaitAsync(_options.ArtimTimeout).ConfigureAwait(false);

            // After a failure (a peer that stopped reading among them), a socket's bytes not yet sent are dropped: completing
            // its writer cleanly would first wait to send them, and keep the connection open while the peer reads nothing.
            await (_failure is { } failure && _pipe is Transport.SocketDuplexPipe ? _output.CompleteAsync(new AssociationAbortedException(failure)) : _output.CompleteAsync()).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
        }
        finally
        {
            if (locked)
            {
                _sendLock.Release();
            }
        }

        try
        {
            await _input.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
        }
    }
}
