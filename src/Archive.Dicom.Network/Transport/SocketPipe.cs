using System.IO.Pipelines;
using System.Net.Sockets;

namespace Archive.Dicom.Network.Transport;

/// <summary>
/// Wraps a connected socket as a duplex pipe. Sets TCP_NODELAY. Completing both ends closes the socket.
/// Incoming bytes are read by a <see cref="SocketReceiver"/> thread; outgoing bytes go through asynchronous sends.
/// </summary>
public static class SocketPipe
{
    /// <summary>Bytes asked of the kernel per receive: a 0.5 MB object in two or three calls.</summary>
    public const int ReceiveChunkSize = 256 * 1024;

    /// <summary>
    /// Wraps <paramref name="socket"/>. <paramref name="maxPduLength"/> is the largest PDU (header included) the reader
    /// must see whole before it consumes anything; the receive buffer holds at most that plus two receive chunks.
    /// </summary>
    public static IDuplexPipe Create(Socket socket, long maxPduLength)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPduLength, 1, nameof(maxPduLength));
        socket.NoDelay = true;
        var stream = new NetworkStream(socket, ownsSocket: true);

        // Non-blocking from here (NetworkStream insists on a blocking socket at construction only): a receive with
        // nothing to read returns at once, and the receive thread waits in poll() instead of .NET's emulated blocking
        // wait, which would register the socket with epoll and wake the epoll thread and the pool on every arrival.
        socket.Blocking = false;

        // The reader runs inline on the receive thread (no hop); the pause threshold lets a whole PDU in, else the
        // reader, which consumes only whole PDUs, and this writer would wait on each other.
        long pause = maxPduLength + (2L * ReceiveChunkSize);
        var input = new Pipe(new PipeOptions(
            pauseWriterThreshold: pause,
            resumeWriterThreshold: pause / 2,
            minimumSegmentSize: ReceiveChunkSize,
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            useSynchronizationContext: false));
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: false));
        SocketReceiver.Start(socket, input.Writer, ReceiveChunkSize);
        return new SocketDuplexPipe(input.Reader, writer);
    }

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/> within <paramref name="timeout"/>; see <see cref="Create"/>.</summary>
    public static async Task<IDuplexPipe> ConnectAsync(string host, int port, long maxPduLength, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            await socket.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
            return Create(socket, maxPduLength);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
