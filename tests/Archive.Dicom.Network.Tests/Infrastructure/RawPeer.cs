using System.Net;
using System.Net.Sockets;

namespace Archive.Dicom.Network.Tests.Infrastructure;

/// <summary>A raw TCP peer that sends arbitrary bytes and reads whatever comes back until close or timeout.</summary>
internal sealed class RawPeer : IDisposable
{
    private readonly Socket _socket = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    public static async Task<RawPeer> ConnectAsync(int port)
    {
        var peer = new RawPeer();
        await peer._socket.ConnectAsync(IPAddress.Loopback, port);
        return peer;
    }

    public Task SendAsync(byte[] bytes) => _socket.SendAsync(bytes.AsMemory(), SocketFlags.None).AsTask();

    /// <summary>Reads until the server closes (Closed = true) or <paramref name="timeout"/> passes.</summary>
    public async Task<(byte[] Bytes, bool Closed)> ReadUntilCloseAsync(TimeSpan timeout)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                int n = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0)
                {
                    return (received.ToArray(), true);
                }

                received.AddRange(buffer.AsSpan(0, n).ToArray());
            }
        }
        catch (OperationCanceledException)
        {
            return (received.ToArray(), false);
        }
        catch (SocketException)
        {
            return (received.ToArray(), true);
        }
    }

    public void Dispose() => _socket.Dispose();
}
