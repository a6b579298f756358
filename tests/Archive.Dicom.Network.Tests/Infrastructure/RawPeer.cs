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

    /// <summary>
    /// Reads one whole PDU (its 6-byte header says its length), for a reply after which the server keeps the connection
    /// open: waiting for a close would take the whole timeout, and a short timeout fails on a machine that stalled.
    /// Returns what arrived when the server closes or <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<byte[]> ReadPduAsync(TimeSpan timeout)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (received.Count < 6 || received.Count < 6 + System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(received.ToArray().AsSpan(2, 4)))
            {
                int n = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0)
                {
                    break;
                }

                received.AddRange(buffer.AsSpan(0, n).ToArray());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            // what arrived is the answer
        }

        return received.ToArray();
    }

    public void Dispose() => _socket.Dispose();
}
