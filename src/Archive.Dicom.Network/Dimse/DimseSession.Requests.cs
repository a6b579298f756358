using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Archive.Dicom.Network.Association;

namespace Archive.Dicom.Network.Dimse;

/// <summary>SCU side: send a request, read its responses (pending ones first), cancel with C-CANCEL.</summary>
public sealed partial class DimseSession
{
    /// <summary>
    /// Sends <paramref name="request"/> (its Message ID must be set) with an optional streamed dataset and yields every
    /// response until the final one. Cancelling <paramref name="cancellationToken"/> sends a C-CANCEL and keeps
    /// yielding until the peer's final response. Throws <see cref="AssociationAbortedException"/> if the
    /// association ends first.
    /// </summary>
    public async IAsyncEnumerable<DimseResponse> RequestAsync(
        PresentationContext context,
        DimseCommand request,
        Stream? dataset,
        long datasetLength,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ushort id = request.MessageId ?? throw new ArgumentException("request has no Message ID", nameof(request));
        var responses = Channel.CreateUnbounded<DimseResponse>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        if (!_pending.TryAdd(id, responses))
        {
            throw new InvalidOperationException($"message id {id} is already outstanding");
        }

        try
        {
            if (_closed)
            {
                throw new AssociationAbortedException(_closedWith ?? AssociationFailure.ReasonNotSpecified);
            }

            await _engine.SendMessageAsync(context.Id, CommandSetCodec.Encode(request), dataset, datasetLength, cancellationToken, padOddDataset: IsDeflated(context)).ConfigureAwait(false);
            var state = new CancelState();
            while (true)
            {
                var response = await ReadResponseAsync(responses, context, request, state, cancellationToken).ConfigureAwait(false);
                yield return response;
                if (response.Status.IsFinal)
                {
                    yield break;
                }
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>A Deflated dataset may end on an odd byte; PS3.5 A.5 has it sent padded with one zero byte (peers refuse an odd PDV).</summary>
    private static bool IsDeflated(PresentationContext context) =>
        context.TransferSyntax == Archive.Dicom.Model.DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid;

    /// <summary>Sends a request and returns its final response (pending ones are skipped).</summary>
    public async Task<DimseResponse> RequestFinalAsync(PresentationContext context, DimseCommand request, Stream? dataset, long datasetLength, CancellationToken cancellationToken = default)
    {
        DimseResponse? last = null;
        await foreach (var response in RequestAsync(context, request, dataset, datasetLength, cancellationToken).ConfigureAwait(false))
        {
            last = response;
        }

        return last ?? throw new AssociationAbortedException(AssociationFailure.ReasonNotSpecified);
    }

    private async ValueTask<DimseResponse> ReadResponseAsync(Channel<DimseResponse> responses, PresentationContext context, DimseCommand request, CancelState state, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var silence = new CancellationTokenSource(_options.DimseTimeout);
            try
            {
                var token = state.CancelSent ? _engine.Closing : cancellationToken;
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(token, silence.Token);
                return await responses.Reader.ReadAsync(waiting.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (silence.IsCancellationRequested && !_engine.Closing.IsCancellationRequested && !(cancellationToken.IsCancellationRequested && !state.CancelSent))
            {
                // The peer took the request and went silent: give up on the association, so whoever waits on it ends.
                DimseLog.ResponseTimedOut(_logger, _engine.Id, request.MessageId ?? 0, _options.DimseTimeout);
                await _engine.AbortAsync(AssociationFailure.IdleTimeout).ConfigureAwait(false);
                throw new AssociationAbortedException(AssociationFailure.IdleTimeout);
            }
            catch (OperationCanceledException) when (!state.CancelSent && cancellationToken.IsCancellationRequested && !_engine.Closing.IsCancellationRequested)
            {
                state.CancelSent = true;
                var cancel = new DimseCommand
                {
                    CommandField = DimseCommandField.CCancelRequest,
                    MessageIdBeingRespondedTo = request.MessageId,
                };
                await _engine.SendMessageAsync(context.Id, CommandSetCodec.Encode(cancel), null, 0, _engine.Closing).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new AssociationAbortedException(_closedWith ?? AssociationFailure.ReasonNotSpecified);
            }
            catch (ChannelClosedException ex) when (ex.InnerException is AssociationAbortedException aborted)
            {
                throw new AssociationAbortedException(aborted.Failure);
            }
        }
    }

    private sealed class CancelState
    {
        public bool CancelSent { get; set; }
    }
}
