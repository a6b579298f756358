using System.IO.Pipelines;
using System.Net.Sockets;

namespace Archive.Dicom.Network.Transport;

/// <summary>
/// Moves a stream's incoming bytes into a pipe from an asynchronous loop: the receive side of a TLS connection, whose
/// bytes must pass the decryption of <see cref="System.Net.Security.SslStream"/> (a plain socket has its own thread,
/// <see cref="SocketReceiver"/>). Memory stays bounded by the pipe's pause threshold. The loop ends when the peer
/// closes, the stream fails or is disposed, or the reader completes; it then completes the writer (with the error, if any).
/// </summary>
internal static class StreamReceiver
{
    /// <summary>Starts the loop; it owns <paramref name="writer"/> from now on. <paramref name="socket"/> is the one under the stream (see <see cref="QuickAck"/>).</summary>
    public static void Start(Stream stream, Socket socket, PipeWriter writer, int chunkSize) => _ = Task.Run(() => RunAsync(stream, socket, writer, chunkSize));

    private static async Task RunAsync(Stream stream, Socket socket, PipeWriter writer, int chunkSize)
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                int received = await stream.ReadAsync(writer.GetMemory(chunkSize)).ConfigureAwait(false);
                if (received == 0)
                {
                    break;
                }

                QuickAck.Request(socket);
                writer.Advance(received);
                var result = await writer.FlushAsync().ConfigureAwait(false);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // The engine closed the transport while we waited.
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Security.Authentication.AuthenticationException)
        {
            // A task root: whatever stops the receive goes to the reader as the pipe's error, never unobserved.
            error = ex as IOException ?? new IOException("receive failed", ex);
        }

        await writer.CompleteAsync(error).ConfigureAwait(false);
    }
}
