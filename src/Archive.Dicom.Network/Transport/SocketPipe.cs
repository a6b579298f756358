using System.IO.Pipelines;
using System.Net.Sockets;

namespace Archive.Dicom.Network.Transport;

/// <summary>Wraps a connected socket as a duplex pipe. Sets TCP_NODELAY. Completing both ends closes the socket.</summary>
public static class SocketPipe
{
    /// <summary>Read buffer size requested from the pool per read.</summary>
    public const int ReadBufferSize = 64 * 1024;

    public static IDuplexPipe Create(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        socket.NoDelay = true;
        var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: ReadBufferSize, minimumReadSize: 4096, leaveOpen: true));
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: false));
        return new DuplexPipe(reader, writer);
    }

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/> within <paramref name="timeout"/>.</summary>
    public static async Task<IDuplexPipe> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            await socket.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
            return Create(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
