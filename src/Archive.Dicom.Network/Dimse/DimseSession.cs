using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Pdu;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Dicom.Network.Dimse;

/// <summary>
/// The DIMSE layer of one association (PS3.7): reassembles command and dataset PDVs into messages, streams
/// datasets to sinks, matches responses to outstanding requests (SCU side) and runs requests one at a time through
/// an <see cref="IDimseServiceProvider"/> (SCP side). Either side may do both (C-GET, storage commitment).
/// </summary>
/// <remarks>Receive callbacks run on the engine's reader loop; the SCU API is thread-safe.</remarks>
public sealed partial class DimseSession : IPresentationDataHandler
{
    private readonly AssociationEngine _engine;
    private readonly IDimseServiceProvider? _provider;
    private readonly AssociationOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<DimseRequest> _requests = Channel.CreateBounded<DimseRequest>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
    private readonly ConcurrentDictionary<ushort, Channel<DimseResponse>> _pending = new();
    private readonly Lock _cancelGate = new();
    private readonly Dictionary<ushort, bool> _queued = []; // requests received, not yet started: whether a C-CANCEL came for each
    private readonly SemaphoreSlim _processGate = new(1, 1);
    private readonly Task _processor;
    private byte[] _command = [];
    private int _commandLength;
    private byte _commandContext;
    private Incoming? _incoming;
    private int _nextMessageId;
    private (ushort MessageId, CancellationTokenSource Cts)? _inFlight;
    private AssociationFailure? _closedWith;
    private bool _closed;

    public DimseSession(AssociationEngine engine, IDimseServiceProvider? provider, AssociationOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _provider = provider;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _processor = Task.Run(ProcessRequestsAsync);
    }

    /// <summary>The association this session runs on.</summary>
    public AssociationEngine Engine => _engine;

    /// <summary>What was negotiated.</summary>
    public AssociationInfo Association => _engine.Info!;

    /// <inheritdoc />
    /// <remarks>
    /// A message the peer is still sending is not work of ours: a peer that stops half-way through a C-STORE (cable,
    /// firewall, crash without a close) is silent, and the idle timer ends its association rather than let it hold a
    /// slot for good. A response we await has its own deadline (<see cref="AssociationOptions.DimseTimeout"/>).
    /// </remarks>
    public bool HasOutstandingWork => _inFlight is not null || !_pending.IsEmpty || _requests.Reader.Count > 0;

    /// <summary>
    /// Waits until every request the peer sent so far has been handled and answered: a requestor calls it before it
    /// releases, so a response its provider is still writing (an N-EVENT-REPORT-RSP, a C-STORE-RSP of a C-GET) is not
    /// cut off by the A-RELEASE-RQ.
    /// </summary>
    public async Task WaitForIncomingAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _processGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            _processGate.Release();
            if (_incoming is null && _inFlight is null && _requests.Reader.Count == 0)
            {
                return;
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Allocates the next Message ID (wraps at 65535, never 0).</summary>
    public ushort NextMessageId()
    {
        int id = Interlocked.Increment(ref _nextMessageId) & 0xFFFF;
        return id == 0 ? (ushort)(Interlocked.Increment(ref _nextMessageId) & 0xFFFF) : (ushort)id;
    }

    /// <summary>Sends one message on <paramref name="contextId"/> with an optional in-memory dataset.</summary>
    public ValueTask SendAsync(byte contextId, DimseCommand command, ReadOnlyMemory<byte>? dataset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        Stream? stream = null;
        if (dataset is { } data)
        {
            stream = new MemoryStream(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(data, out var segment)
                ? segment.Array!
                : data.ToArray(), segment.Array is null ? 0 : segment.Offset, data.Length, writable: false);
        }

        var deflated = _engine.Info?.Contexts.GetValueOrDefault(contextId) is { } context && IsDeflated(context);
        return _engine.SendMessageAsync(contextId, CommandSetCodec.Encode(command), stream, dataset?.Length ?? 0, cancellationToken, padOddDataset: deflated);
    }

    /// <inheritdoc />
    public async ValueTask OnPdvAsync(Pdv pdv, CancellationToken cancellationToken)
    {
        if (pdv.IsCommand)
        {
            if (_incoming is not null)
            {
                ThrowHelper.ThrowProtocol(AssociationFailure.UnexpectedPduParameter, "command PDV while a dataset was expected");
            }

            AppendCommand(pdv);
            if (pdv.IsLast)
            {
                var command = CommandSetCodec.Decode(new ReadOnlySequence<byte>(_command, 0, _commandLength));
                _commandLength = 0;
                await OnCommandAsync(pdv.PresentationContextId, command, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var incoming = _incoming;
        if (incoming is null || _commandLength != 0 || incoming.Context.Id != pdv.PresentationContextId)
        {
            ThrowHelper.ThrowProtocol(AssociationFailure.UnexpectedPduParameter, $"dataset PDV on context {pdv.PresentationContextId} without a command announcing it");
        }

        await incoming.WriteAsync(pdv.Data, _logger, _engine.Id, cancellationToken).ConfigureAwait(false);
        if (pdv.IsLast)
        {
            _incoming = null;
            await CompleteAsync(incoming, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask OnReleaseRequestedAsync(CancellationToken cancellationToken)
    {
        _requests.Writer.TryComplete();
        await _processor.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void OnClosed(AssociationFailure? failure)
    {
        _closedWith = failure;
        _closed = true;
        _requests.Writer.TryComplete();
        CancelQuietly(InFlight());
        foreach (var pending in _pending.Values)
        {
            pending.Writer.TryComplete(new AssociationAbortedException(failure ?? AssociationFailure.ReasonNotSpecified));
        }

        if (_incoming is { } incoming)
        {
            _incoming = null;
            _ = incoming.DisposeAsync().AsTask();
        }
    }

    private void AppendCommand(Pdv pdv)
    {
        if (_commandLength == 0)
        {
            _commandContext = pdv.PresentationContextId;
        }
        else if (_commandContext != pdv.PresentationContextId)
        {
            ThrowHelper.ThrowProtocol(AssociationFailure.UnexpectedPduParameter, "command fragments on two presentation contexts");
        }

        long needed = _commandLength + pdv.Data.Length;
        if (needed > _options.MaxCommandLength)
        {
            ThrowHelper.ThrowInvalidLength("command set", needed, _options.MaxCommandLength);
        }

        if (needed > _command.Length)
        {
            Array.Resize(ref _command, (int)Math.Max(needed, Math.Min(_options.MaxCommandLength, Math.Max(256, _command.Length * 2))));
        }

        pdv.Data.CopyTo(_command.AsSpan(_commandLength));
        _commandLength = (int)needed;
    }

    private async ValueTask OnCommandAsync(byte contextId, DimseCommand command, CancellationToken cancellationToken)
    {
        var context = Association.Contexts[contextId];
        DimseLog.Received(_logger, _engine.Id, command.CommandField, command.MessageId ?? command.MessageIdBeingRespondedTo ?? 0, contextId);
        if (command.CommandField == DimseCommandField.CCancelRequest)
        {
            OnCancel(command.MessageIdBeingRespondedTo ?? 0);
            return;
        }

        var request = new DimseRequest(Association, context, command, ReadOnlyMemory<byte>.Empty);
        if (command.IsRequest)
        {
            if (!command.HasDataSet)
            {
                await DispatchAsync(request, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (command.CommandField == DimseCommandField.CStoreRequest && _provider is not null)
            {
                var operation = await _provider.BeginStoreAsync(request, cancellationToken).ConfigureAwait(false);
                _incoming = new Incoming(context, command, operation, null);
            }
            else
            {
                _incoming = new Incoming(context, command, new MemoryDatasetSink(_options.MaxInMemoryDatasetLength), null);
            }

            return;
        }

        ushort respondedTo = command.MessageIdBeingRespondedTo ?? 0;
        if (!_pending.TryGetValue(respondedTo, out var pending))
        {
            DimseLog.UnknownResponse(_logger, _engine.Id, respondedTo);
            pending = null;
        }

        if (command.HasDataSet)
        {
            _incoming = new Incoming(context, command, new MemoryDatasetSink(_options.MaxInMemoryDatasetLength), pending);
            return;
        }

        pending?.Writer.TryWrite(new DimseResponse(command, ReadOnlyMemory<byte>.Empty));
    }

    private async ValueTask CompleteAsync(Incoming incoming, CancellationToken cancellationToken)
    {
        var data = incoming.Sink is MemoryDatasetSink memory ? memory.Data : ReadOnlyMemory<byte>.Empty;
        if (!incoming.Command.IsRequest)
        {
            incoming.Pending?.Writer.TryWrite(new DimseResponse(incoming.Command, data));
            return;
        }

        var request = new DimseRequest(Association, incoming.Context, incoming.Command, data)
        {
            StoreOperation = incoming.Sink as IStoreOperation,
        };
        if (incoming.Failure is not null)
        {
            request = request with { StoreOperation = new FailedStoreOperation((IStoreOperation)incoming.Sink) };
        }

        await DispatchAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A C-CANCEL: stops the request in flight, or marks a received one not yet started. Under one lock with the start
    /// of a request (<see cref="Start"/>): a cancel racing that start was lost, and every sub-operation sent. A cancel
    /// for a request already answered (it crossed the final response) is dropped, not kept for a later request
    /// that reuses its message ID.
    /// </summary>
    private void OnCancel(ushort messageId)
    {
        DimseLog.Cancelled(_logger, _engine.Id, messageId);
        CancellationTokenSource? cancel = null;
        lock (_cancelGate)
        {
            // A queued request first: one in flight with the same ID has sent its final response already (the peer reuses
            // an ID only then) and is finishing (sweep V: the cancel went to it, and the new request sent everything).
            if (_queued.ContainsKey(messageId))
            {
                _queued[messageId] = true;
            }
            else if (_inFlight is { } f && f.MessageId == messageId)
            {
                cancel = f.Cts;
            }
        }

        CancelQuietly(cancel);
    }

    /// <summary>Makes <paramref name="request"/> the one in flight; true when a C-CANCEL for it came while it waited.</summary>
    private bool Start(DimseRequest request, CancellationTokenSource cts)
    {
        lock (_cancelGate)
        {
            _inFlight = (request.MessageId, cts);
            return _queued.Remove(request.MessageId, out var cancelled) && cancelled;
        }
    }

    private void Queue(DimseRequest request)
    {
        lock (_cancelGate)
        {
            _queued[request.MessageId] = false;
        }
    }

    private void EndInFlight()
    {
        lock (_cancelGate)
        {
            _inFlight = null;
        }
    }

    private CancellationTokenSource? InFlight()
    {
        lock (_cancelGate)
        {
            return _inFlight?.Cts;
        }
    }

    private static void CancelQuietly(CancellationTokenSource? cts)
    {
        try
        {
            cts?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the request ended meanwhile
        }
    }
}
