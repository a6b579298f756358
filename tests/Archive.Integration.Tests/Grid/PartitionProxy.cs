using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Archive.Tools.LocalGrid;

namespace Archive.Integration.Tests.Grid;

/// <summary>
/// An in-process fault-injecting TCP proxy: one listener per directed link (from node, to node),
/// so every node reaches every peer through its own link and a partition is a set of blocked
/// links. A blocked link resets its open connections and refuses new ones (accepts, then closes).
/// Thread-safe.
/// </summary>
public sealed class PartitionProxy : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string From, string To), Link> _links = new();
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The address <paramref name="from"/> uses for <paramref name="to"/> (creates the link).</summary>
    public string AddressFor(LocalNodeSpec from, LocalNodeSpec to)
    {
        var link = _links.GetOrAdd((from.Id, to.Id), _ => new Link(to.GrpcPort, _stop.Token));
        return $"http://127.0.0.1:{link.Port}";
    }

    /// <summary>Cuts every link between <paramref name="side"/> and the other nodes, both directions.</summary>
    public void Isolate(IReadOnlyCollection<string> side)
    {
        foreach (var ((from, to), link) in _links)
        {
            link.Blocked = side.Contains(from) != side.Contains(to);
        }
    }

    /// <summary>Restores every link.</summary>
    public void Heal()
    {
        foreach (var link in _links.Values)
        {
            link.Blocked = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var link in _links.Values)
        {
            link.Dispose();
        }

        _stop.Dispose();
    }

    private sealed class Link : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly int _target;
        private readonly ConcurrentDictionary<Socket, byte> _open = new();
        private volatile bool _blocked;

        public Link(int target, CancellationToken stop)
        {
            _target = target;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(() => AcceptLoopAsync(stop), stop);
        }

        public int Port { get; }

        public bool Blocked
        {
            get => _blocked;
            set
            {
                _blocked = value;
                if (value)
                {
                    foreach (var socket in _open.Keys)
                    {
                        Abort(socket);
                    }
                }
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            foreach (var socket in _open.Keys)
            {
                Abort(socket);
            }
        }

        private async Task AcceptLoopAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await _listener.AcceptSocketAsync(stop).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = Task.Run(() => ServeAsync(client, stop), stop);
            }
        }

        private async Task ServeAsync(Socket client, CancellationToken stop)
        {
            if (_blocked)
            {
                Abort(client);
                return;
            }

            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            _open[client] = 0;
            _open[upstream] = 0;
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _target, stop).ConfigureAwait(false);
                await Task.WhenAny(PumpAsync(client, upstream, stop), PumpAsync(upstream, client, stop)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
            {
                // the link was cut or a side went away
            }
            finally
            {
                Abort(client);
                Abort(upstream);
                _open.TryRemove(client, out _);
                _open.TryRemove(upstream, out _);
            }
        }

        private async Task PumpAsync(Socket from, Socket to, CancellationToken stop)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (!_blocked)
                {
                    var read = await from.ReceiveAsync(buffer, SocketFlags.None, stop).ConfigureAwait(false);
                    if (read == 0 || _blocked)
                    {
                        return;
                    }

                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stop).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // cut
            }
        }

        private static void Abort(Socket socket)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
                // already closed
            }
        }
    }
}
