using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Dimse;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Dicom.Network.Transport;

/// <summary>
/// Accepts TCP connections and runs each as an independent association (its own task, its own ARTIM timer), so a
/// slow or hostile peer never delays another. Bounds associations and connections, and connections that have not
/// asked for an association yet (the oldest silent one closes for a new one). Thread-safe.
/// </summary>
public sealed class DicomListener : IAsyncDisposable
{
    private readonly DicomListenerOptions _options;
    private readonly AssociationNegotiator _negotiator;
    private readonly Func<AssociationInfo, IDimseServiceProvider> _providerFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private readonly ConcurrentDictionary<long, (Socket Socket, long AcceptedAt)> _silent = new();
    private long _refusedSinceLog;
    private long _closedSinceLog;
    private long _lastRefusedLog = long.MinValue;
    private long _lastClosedLog = long.MinValue;
    private long _tlsFailedSinceLog;
    private long _lastTlsFailedLog = long.MinValue;
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private Task _acceptLoop = Task.CompletedTask;
    private long _nextConnection;
    private int _associations;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _byCaller = new(StringComparer.Ordinal); // associations held, by calling AE title

    /// <param name="providerFactory">Makes the service provider of each established association (e.g. a new <see cref="Scp.ScpDispatcher"/>).</param>
    public DicomListener(DicomListenerOptions options, Func<AssociationInfo, IDimseServiceProvider> providerFactory, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(providerFactory);
        _options = options.Validate();
        _negotiator = new AssociationNegotiator(options.Policy, options.Association);
        _providerFactory = providerFactory;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Where it was asked to listen (port 0: any free one).</summary>
    public IPEndPoint EndPoint => _options.EndPoint;

    /// <summary>The bound port (useful with port 0); 0 before <see cref="Start"/>.</summary>
    public int Port => (_socket?.LocalEndPoint as IPEndPoint)?.Port ?? 0;

    /// <summary>Associations currently established or being negotiated past the RQ.</summary>
    public int ActiveAssociations => Volatile.Read(ref _associations);

    /// <summary>Open transport connections.</summary>
    public int OpenConnections => _connections.Count;

    private const int SolSocket = 1; // Linux's SOL_SOCKET
    private const int SoReuseAddr = 2; // Linux's SO_REUSEADDR

    /// <summary>Binds and starts accepting. Throws <see cref="SocketException"/> if the address is taken.</summary>
    public void Start()
    {
        if (_socket is not null)
        {
            throw new InvalidOperationException("already started");
        }

        var socket = new Socket(_options.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (_options.EndPoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true; // "::" is every interface, IPv4 callers included (IPv6-only left them out, and the port free to a second archive on 0.0.0.0)
            }

            // SO_REUSEADDR alone (a restart rebinds over connections still in TIME_WAIT; .NET's Bind sets it too on Linux, as
            // strace shows, but the restart must not hang on that). .NET's ReuseAddress option also sets SO_REUSEPORT on
            // Linux, which let a second archive bind the same port and take half the callers.
            if (OperatingSystem.IsLinux())
            {
                socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            }

            socket.Bind(_options.EndPoint);
            socket.Listen(_options.Backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        ListenerLog.Listening(_logger, socket.LocalEndPoint?.ToString() ?? "?", _options.Tls is null ? string.Empty : " (TLS)");
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Stops accepting, aborts nothing in flight but waits for open associations up to <paramref name="drainTimeout"/>.</summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket?.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_connections.Values).WaitAsync(drainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        ListenerLog.Stopped(_logger);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(_options.Association.ArtimTimeout).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket!.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            string remote = client.RemoteEndPoint?.ToString() ?? "?";
            if (_silent.Count >= _options.SilentConnectionLimit)
            {
                CloseOldestSilent();
            }

            if (_connections.Count >= _options.MaxConnections)
            {
                Interlocked.Increment(ref _refusedSinceLog);
                if (OncePerMinute(ref _lastRefusedLog))
                {
                    ListenerLog.TooManyConnections(_logger, remote, _connections.Count, Interlocked.Exchange(ref _refusedSinceLog, 0));
                }

                client.Dispose();
                continue;
            }

            long id = Interlocked.Increment(ref _nextConnection);
            _silent[id] = (client, _time.GetTimestamp());
            var task = Task.Run(() => ServeAsync(id, client, remote));
            _connections[id] = task;
            _ = task.ContinueWith(_ => _connections.TryRemove(id, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Makes room for a new connection: the one silent longest is closed (its engine sees the transport go).</summary>
    private void CloseOldestSilent()
    {
        var oldest = _silent.OrderBy(c => c.Key).FirstOrDefault();
        if (oldest.Value.Socket is null || !_silent.TryRemove(oldest.Key, out _))
        {
            return;
        }

        Interlocked.Increment(ref _closedSinceLog);
        if (OncePerMinute(ref _lastClosedLog))
        {
            ListenerLog.SilentConnectionClosed(_logger, oldest.Value.Socket.RemoteEndPoint?.ToString() ?? "?", (long)_time.GetElapsedTime(oldest.Value.AcceptedAt).TotalSeconds, _options.SilentConnectionLimit, Interlocked.Exchange(ref _closedSinceLog, 0));
        }

        try
        {
            oldest.Value.Socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // already gone
        }

        oldest.Value.Socket.Dispose();
    }

    /// <summary>True at most once a minute per <paramref name="last"/> (a flood of refusals is one line a minute, with its count).</summary>
    private bool OncePerMinute(ref long last)
    {
        var now = _time.GetTimestamp();
        var seen = Volatile.Read(ref last);
        return (seen == long.MinValue || _time.GetElapsedTime(seen, now) >= TimeSpan.FromMinutes(1)) && Interlocked.CompareExchange(ref last, now, seen) == seen;
    }

    /// <summary>The connection as a pipe, after the TLS handshake when this listener is TLS; null (closed, logged) when that fails.</summary>
    private async Task<System.IO.Pipelines.IDuplexPipe?> OpenAsync(Socket socket, string remote)
    {
        long maxPdu = _options.Association.Limits.MaxFrameLength;
        if (_options.Tls is not { } tls)
        {
            return SocketPipe.Create(socket, maxPdu);
        }

        try
        {
            return await SocketPipe.AcceptTlsAsync(socket, tls, maxPdu, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException or SocketException
            or OperationCanceledException)
        {
            if (_stopping.IsCancellationRequested)
            {
                return null;
            }

            var reason = e is OperationCanceledException ? $"no handshake within {tls.HandshakeTimeout.TotalSeconds:0} s" : Reason(e);
            _options.TlsRefused?.Invoke(remote, reason);
            Interlocked.Increment(ref _tlsFailedSinceLog);
            if (OncePerMinute(ref _lastTlsFailedLog))
            {
                ListenerLog.TlsHandshakeFailed(_logger, remote, reason, Interlocked.Exchange(ref _tlsFailedSinceLog, 0));
            }

            return null;
        }
    }

    /// <summary>Gives back an association slot, the listener's and the calling AE's (an entry at 0 is removed: titles are the callers').</summary>
    private void Release(string callingAeTitle)
    {
        Interlocked.Decrement(ref _associations);
        if (_byCaller.AddOrUpdate(callingAeTitle, 0, (_, held) => held - 1) <= 0)
        {
            _byCaller.TryRemove(new KeyValuePair<string, int>(callingAeTitle, 0));
        }
    }

    /// <summary>Why the handshake failed: our own refusal as it stands, anything else in words (<see cref="Archive.Tls.TlsFailure"/>).</summary>
    private static string Reason(Exception e) => e is TlsRefusedException ? e.Message : Archive.Tls.TlsFailure.Describe(e, "the caller");

    private async Task ServeAsync(long id, Socket socket, string remote)
    {
        bool counted = false;
        string? caller = null; // the calling AE title whose slot this association holds
        try
        {
            var pipe = await OpenAsync(socket, remote).ConfigureAwait(false);
            if (pipe is null)
            {
                return;
            }

            await AssociationEngine.RunAcceptorAsync(
                pipe,
                request =>
                {
                    _silent.TryRemove(id, out _); // it spoke: no longer a candidate for closing
                    var title = request.CallingAeTitle.Trim();
                    if (Interlocked.Increment(ref _associations) > _options.MaxAssociations)
                    {
                        Interlocked.Decrement(ref _associations);
                        _options.AssociationRejected?.Invoke(request, remote, AssociationFailure.LocalLimitExceeded);
                        return NegotiationResult.Rejected(AssociationFailure.LocalLimitExceeded);
                    }

                    if (_byCaller.AddOrUpdate(title, 1, (_, held) => held + 1) > _options.PerCallingAeLimit)
                    {
                        Release(title);
                        _options.AssociationRejected?.Invoke(request, remote, AssociationFailure.LocalLimitExceeded);
                        return NegotiationResult.Rejected(AssociationFailure.LocalLimitExceeded);
                    }

                    var result = _negotiator.Negotiate(request, new CallingPeer(socket.RemoteEndPoint as IPEndPoint, (pipe as SocketDuplexPipe)?.PeerCertificate));
                    if (result.IsAccepted)
                    {
                        counted = true;
                        caller = title;
                    }
                    else
                    {
                        // A rejected caller may hold its connection open until ARTIM: it must not hold a slot meanwhile.
                        Release(title);
                        _options.AssociationRejected?.Invoke(request, remote, result.Failure);
                    }

                    return result;
                },
                engine => new DimseSession(engine, _providerFactory(engine.Info!), _options.Association, _logger),
                _options.Association,
                _time,
                _logger,
                remote).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // closed for a newer connection while it was silent, before it was served (CloseOldestSilent)
        }
        catch (Exception ex)
        {
            ListenerLog.ConnectionFailed(_logger, remote, ex);
            socket.Dispose();
        }
        finally
        {
            _silent.TryRemove(id, out _);
            if (counted)
            {
                Release(caller!);
            }
        }
    }
}
