using System.IO.Pipelines;
using System.Net.Sockets;

namespace Archive.Dicom.Network.Transport;

/// <summary>
/// Moves one socket's incoming bytes into a pipe from a dedicated thread that waits on the socket itself (poll,
/// then recv), as dcmtk's storescp does. Why: with async receives every arrival costs an epoll-thread wake-up, a
/// thread-pool hop and the pool's spinning, which on a busy machine cost more than the parsing; here one thread
/// wakes, and because the pipe's reader is scheduled inline, the association engine parses and answers on this
/// thread as soon as the bytes land (it moves to the thread pool only when a handler truly awaits).
/// </summary>
/// <remarks>
/// Memory stays bounded by the pipe's pause threshold: when the engine falls behind, this thread blocks in the
/// flush instead of reading on. The thread ends when the peer closes, the socket fails or is disposed, or the
/// reader completes; it then completes the writer (with the error, if any).
/// </remarks>
internal sealed class SocketReceiver
{
    private readonly Socket _socket;
    private readonly PipeWriter _writer;
    private readonly int _chunkSize;

    private SocketReceiver(Socket socket, PipeWriter writer, int chunkSize)
    {
        _socket = socket;
        _writer = writer;
        _chunkSize = chunkSize;
    }

    /// <summary>Starts the receive thread; it owns <paramref name="writer"/> from now on.</summary>
    public static void Start(Socket socket, PipeWriter writer, int chunkSize)
    {
        var receiver = new SocketReceiver(socket, writer, chunkSize);
        var thread = new Thread(receiver.Run) { IsBackground = true, Name = "DICOM receive" };
        thread.UnsafeStart();
    }

    private void Run()
    {
        Exception? error = null;
        try
        {
            // True once a receive returned less than asked (the kernel buffer is empty): wait in poll() on the
            // socket before the next receive rather than try one that would only say "would block".
            bool drained = false;
            while (true)
            {
                if (drained)
                {
                    _socket.Poll(-1, SelectMode.SelectRead);
                }

                var memory = _writer.GetMemory(_chunkSize);
                int received = _socket.Receive(memory.Span, SocketFlags.None, out var socketError);
                if (socketError == SocketError.WouldBlock)
                {
                    drained = true;
                    continue;
                }

                if (socketError != SocketError.Success)
                {
                    error = new IOException($"receive failed: {socketError}", new SocketException((int)socketError));
                    break;
                }

                if (received == 0)
                {
                    break;
                }

                QuickAck.Request(_socket);
                drained = received < memory.Length;
                _writer.Advance(received);
                var flush = _writer.FlushAsync();
                var result = flush.IsCompletedSuccessfully ? flush.Result : flush.AsTask().GetAwaiter().GetResult();
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
        catch (Exception ex) when (ex is SocketException or IOException or InvalidOperationException)
        {
            // A thread root: whatever stops the receive goes to the reader as the pipe's error, never unhandled.
            error = ex as IOException ?? new IOException("receive failed", ex);
        }

        _writer.Complete(error);
    }
}
