using System.IO.Pipelines;
using Archive.Dicom.Network.Pdu;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Dicom.Network.Association;

/// <summary>
/// The DICOM upper layer for one association over any duplex pipe (TCP in production, in-memory pipes in tests):
/// drives <see cref="AssociationStateMachine"/>, owns the ARTIM and idle timers, frames, checks and dispatches
/// PDUs, and fragments outgoing messages to the peer's maximum PDU length.
/// </summary>
/// <remarks>
/// Thread-safety: one reader loop reads the pipe; sends may come from any thread and are serialized per message.
/// The engine owns the pipe and completes both ends when the association ends.
/// </remarks>
public sealed partial class AssociationEngine : IAsyncDisposable
{
    private static long s_nextId;

    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly AssociationOptions _options;
    private readonly PduLimits _limits;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AssociationStateMachine _fsm;
    private readonly bool _isRequestor;
    private readonly Lock _gate = new();
    private readonly IDuplexPipe _pipe;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private int _sending; // messages being sent: the association is not idle while one goes out
    private bool _abortSent; // we sent an A-ABORT: the peer gets AbortLinger, not the whole ARTIM, to close
    private readonly ITimer _timer;
    private readonly TaskCompletionSource<AssociationInfo> _established = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _closing = new();
    private Func<AssociateRequest, NegotiationResult>? _negotiate;
    private Func<AssociationEngine, IPresentationDataHandler>? _handlerFactory;
    private IPresentationDataHandler? _handler;
    private AssociateRequest? _request;
    private AssociationInfo? _info;
    private AssociationFailure? _failure;
    private long _deadlineTimestamp = long.MaxValue;
    private long _timerDueTimestamp = long.MaxValue;
    private Task _readerTask = Task.CompletedTask;

    private AssociationEngine(IDuplexPipe pipe, AssociationOptions options, bool isRequestor, TimeProvider? time, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        _pipe = pipe;
        _input = pipe.Input;
        _output = pipe.Output;
        _options = options.Validate();
        _limits = options.Limits;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _isRequestor = isRequestor;
        _fsm = new AssociationStateMachine(isRequestor);
        _timer = _time.CreateTimer(static s => ((AssociationEngine)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Id = Interlocked.Increment(ref s_nextId);
    }

    /// <summary>Process-unique number for logs.</summary>
    public long Id { get; }

    /// <summary>The current PS3.8 state.</summary>
    public AssociationState State
    {
        get
        {
            lock (_gate)
            {
                return _fsm.State;
            }
        }
    }

    /// <summary>What was agreed; null until the association is established.</summary>
    public AssociationInfo? Info => _info;

    /// <summary>The peer's maximum P-DATA-TF length (0 = unlimited); 0 before establishment.</summary>
    public uint PeerMaxPduLength => _info is null ? 0 : _isRequestor ? _info.Accept.UserInformation.MaxPduLength : _info.Request.UserInformation.MaxPduLength;

    /// <summary>True on the side that sent the A-ASSOCIATE-RQ.</summary>
    public bool IsRequestor => _isRequestor;

    /// <summary>Remote address for logs; set by the transport.</summary>
    public string? RemoteAddress { get; init; }

    /// <summary>Completes when the association has ended and the transport is closed: null after release, else the failure.</summary>
    public Task<AssociationFailure?> Completion => _readerTask.ContinueWith(_ => _failure, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Cancelled when the association starts to end; operations waiting on the peer observe it.</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>
    /// Runs the acceptor side over a freshly accepted transport connection until the association ends: waits for the
    /// A-ASSOCIATE-RQ under ARTIM, answers it with <paramref name="negotiate"/>, then serves data transfer through the
    /// handler made by <paramref name="handlerFactory"/>. Returns null after an orderly release, else the failure.
    /// </summary>
    public static async Task<AssociationFailure?> RunAcceptorAsync(
        IDuplexPipe pipe,
        Func<AssociateRequest, NegotiationResult> negotiate,
        Func<AssociationEngine, IPresentationDataHandler> handlerFactory,
        AssociationOptions options,
        TimeProvider? time = null,
        ILogger? logger = null,
        string? remoteAddress = null)
    {
        var engine = new AssociationEngine(pipe, options, isRequestor: false, time, logger) { RemoteAddress = remoteAddress };
        engine._negotiate = negotiate;
        engine._handlerFactory = handlerFactory;
        engine.Fire(AssociationEvent.TransportIndication);
        engine._readerTask = engine.RunReaderAsync();
        await engine._readerTask.ConfigureAwait(false);
        await engine.DisposeAsync().ConfigureAwait(false);
        return engine._failure;
    }

    /// <summary>
    /// Runs the requestor side over a connected transport: sends <paramref name="request"/> and returns once the
    /// A-ASSOCIATE-AC arrives. Throws <see cref="AssociationRejectedException"/> on A-ASSOCIATE-RJ and
    /// <see cref="AssociationAbortedException"/> on abort, close or timeout. The caller disposes the engine.
    /// </summary>
    public static async Task<AssociationEngine> RequestAsync(
        IDuplexPipe pipe,
        AssociateRequest request,
        Func<AssociationEngine, IPresentationDataHandler> handlerFactory,
        AssociationOptions options,
        TimeProvider? time = null,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var engine = new AssociationEngine(pipe, options, isRequestor: true, time, logger);
        engine._request = request;
        engine._handlerFactory = handlerFactory;
        engine.Fire(AssociationEvent.LocalAssociateRequest);
        engine.Fire(AssociationEvent.TransportConnected);
        try
        {
            await engine.WritePduAsync(w => PduWriter.WriteAssociateRequest(w, request), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            await engine.DisposeAsync().ConfigureAwait(false);
            throw new AssociationAbortedException(AssociationFailure.TransportClosed);
        }

        engine._readerTask = engine.RunReaderAsync();
        try
        {
            await engine._established.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await engine.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return engine;
    }

    /// <summary>Aborts if still open, waits for the reader loop and releases the timer. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (State is not (AssociationState.Idle or AssociationState.AwaitingTransportClose))
        {
            await AbortAsync().ConfigureAwait(false);
        }

        try
        {
            await _readerTask.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _timer.Dispose();
        _sendLock.Dispose();
        _closing.Dispose();
    }

    private AssociationAction Fire(AssociationEvent evt)
    {
        AssociationAction action;
        AssociationState before;
        lock (_gate)
        {
            before = _fsm.State;
            action = _fsm.Fire(evt);
        }

        AssociationLog.Transition(_logger, Id, evt, before, action);
        return action;
    }

    private void SetFailure(AssociationFailure failure)
    {
        lock (_gate)
        {
            _failure ??= failure;
        }
    }
}
