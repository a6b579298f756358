using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Archive.Dicom.Network.Transport;

namespace Archive.Dicom.Network.Tests.Transport;

/// <summary>The socket transport on loopback: the receive thread, its buffer bound and its shutdown.</summary>
public sealed class SocketPipeTests
{
    private const long MaxPdu = 16 * 1024;

    [Fact]
    public async Task Input_PeerWritesUnevenPieces_ReaderSeesEveryByteInOrder()
    {
        var (ours, peer) = await ConnectedPairAsync();
        using var _ = peer;
        var pipe = SocketPipe.Create(ours, MaxPdu);
        var sent = Enumerable.Range(0, 3_000_001).Select(i => (byte)(i * 7 + (i >> 11))).ToArray();
        var sending = Task.Run(async () =>
        {
            var random = new Random(3);
            for (int offset = 0; offset < sent.Length;)
            {
                int n = Math.Min(random.Next(1, 300_000), sent.Length - offset);
                offset += await peer.SendAsync(sent.AsMemory(offset, n));
            }

            peer.Shutdown(SocketShutdown.Send);
        });

        // Consume slowly at first so the writer meets its pause threshold and must resume.
        var received = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = await pipe.Input.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                received.Write(segment.Span);
            }

            pipe.Input.AdvanceTo(result.Buffer.End);
            if (received.WrittenCount < 200_000)
            {
                await Task.Delay(20);
            }

            if (result.IsCompleted)
            {
                break;
            }
        }

        await sending;
        Assert.Equal(sent, received.WrittenSpan.ToArray());
        await pipe.Input.CompleteAsync();
        await pipe.Output.CompleteAsync();
    }

    [Fact]
    public async Task Output_WritesReachThePeer_AndCompletingBothEndsClosesTheSocket()
    {
        var (ours, peer) = await ConnectedPairAsync();
        using var _ = peer;
        var pipe = SocketPipe.Create(ours, MaxPdu);
        await pipe.Output.WriteAsync(new byte[] { 1, 2, 3 });
        var buffer = new byte[16];
        int n = await peer.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(new byte[] { 1, 2, 3 }, buffer[..n]);

        // Nothing arrives, so the receive thread is waiting in poll(): closing must still end it and the connection.
        await pipe.Input.CompleteAsync();
        await pipe.Output.CompleteAsync();
        Assert.Equal(0, await peer.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Input_PeerResetsTheConnection_ReaderSeesAnErrorOrTheEnd()
    {
        var (ours, peer) = await ConnectedPairAsync();
        var pipe = SocketPipe.Create(ours, MaxPdu);
        peer.LingerState = new LingerOption(true, 0);
        peer.Dispose();
        bool ended;
        try
        {
            ended = (await pipe.Input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5))).IsCompleted;
        }
        catch (IOException)
        {
            ended = true;
        }

        Assert.True(ended);
        await pipe.Input.CompleteAsync();
        await pipe.Output.CompleteAsync();
    }

    private static async Task<(Socket Ours, Socket Peer)> ConnectedPairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accepting = listener.AcceptAsync();
        await peer.ConnectAsync(listener.LocalEndPoint!);
        return (await accepting, peer);
    }
}
