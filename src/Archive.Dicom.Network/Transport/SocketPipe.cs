using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Archive.Dicom.Network.Transport;

/// <summary>
/// Wraps a connected socket as a duplex pipe, in the clear or over TLS (<see cref="DicomTls"/>). Sets TCP_NODELAY,
/// and acknowledges what arrives at once (<see cref="QuickAck"/>).
/// Completing both ends closes the socket. Incoming bytes are read by a <see cref="SocketReceiver"/> thread (TLS: a
/// <see cref="StreamReceiver"/> loop); outgoing bytes go through asynchronous sends.
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
        var input = InputPipe(maxPduLength);
        SocketReceiver.Start(socket, input.Writer, ReceiveChunkSize);
        return new SocketDuplexPipe(input.Reader, OutputOf(stream));
    }

    /// <summary>
    /// Wraps <paramref name="socket"/> after a TLS handshake as the server: the caller must show a certificate
    /// <paramref name="tls"/> trusts (unless it does not require one). Throws <see cref="AuthenticationException"/> (or
    /// <see cref="IOException"/>, <see cref="OperationCanceledException"/> past its handshake timeout) and closes the
    /// socket when the handshake fails.
    /// </summary>
    public static Task<IDuplexPipe> AcceptTlsAsync(Socket socket, DicomTls tls, long maxPduLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tls);
        return OverTlsAsync(socket, tls, maxPduLength, async (ssl, verdict, token) =>
        {
            // Say plainly what the TLS stack would call a corrupted frame or a failed handshake: a caller not configured for
            // TLS sends an A-ASSOCIATE-RQ (PDU type 01) where a ClientHello belongs, and an old one offers TLS 1.0 or 1.1.
            var first = new byte[ClientHello.VersionEnd];
            var peeked = await PeekStartAsync(socket, first, token).ConfigureAwait(false);
            if (peeked >= 1 && first[0] == (byte)Pdu.PduType.AssociateRequest)
            {
                throw new AuthenticationException("the caller sent a DICOM association request in the clear: it is not configured for TLS on this port");
            }

            if (ClientHello.OffersOnlyOldVersion(first.AsSpan(0, peeked)) is { } offered)
            {
                throw new AuthenticationException($"the caller offers {offered} at most: TLS 1.2 or 1.3 is required (PS3.15 B.1, BCP 195)");
            }

            await ssl.AuthenticateAsServerAsync(tls.ServerOptions(verdict), token).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>
    /// Peeks at the first bytes a caller sent, up to <paramref name="start"/>'s length when they begin a TLS record: a
    /// ClientHello may come in small pieces (sweep V: split into bytes, an old caller's version went unread), so its
    /// start is waited for a little, never past a second. Returns how many bytes were seen.
    /// </summary>
    private static async Task<int> PeekStartAsync(Socket socket, byte[] start, CancellationToken cancellationToken)
    {
        var peeked = await socket.ReceiveAsync(start, SocketFlags.Peek, cancellationToken).ConfigureAwait(false);
        var waitUntil = Environment.TickCount64 + 1000;
        while (peeked > 0 && peeked < start.Length && start[0] == ClientHello.HandshakeRecord && Environment.TickCount64 < waitUntil)
        {
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            peeked = socket.Receive(start, SocketFlags.Peek); // some bytes are there already: this does not block
        }

        return peeked;
    }

    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/> within <paramref name="timeout"/>, over TLS when
    /// <paramref name="tls"/> is given (the server's certificate must chain to its authorities and name
    /// <paramref name="host"/>); see <see cref="Create"/>.
    /// </summary>
    public static async Task<IDuplexPipe> ConnectAsync(string host, int port, long maxPduLength, TimeSpan timeout, CancellationToken cancellationToken, DicomTls? tls = null)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            await socket.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return tls is null
            ? Create(socket, maxPduLength)
            : await OverTlsAsync(socket, tls, maxPduLength, (ssl, verdict, token) => ssl.AuthenticateAsClientAsync(tls.ClientOptions(host, verdict), token), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="handshake"/>; a refused certificate throws <see cref="AuthenticationException"/> saying why.</summary>
    private static async Task<IDuplexPipe> OverTlsAsync(Socket socket, DicomTls tls, long maxPduLength, Func<SslStream, TlsVerdict, CancellationToken, Task> handshake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        socket.NoDelay = true;
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        var verdict = new TlsVerdict();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            cts.CancelAfter(tls.HandshakeTimeout);
            await handshake(ssl, verdict, cts.Token).ConfigureAwait(false);
        }
        catch (AuthenticationException e) when (verdict.Refusal is { } refusal)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new TlsRefusedException(refusal, e);
        }
        catch (Exception e) when (e is not OperationCanceledException && cts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The handshake timeout can surface as an I/O error ("Unable to read data from the transport connection:
            // Operation canceled", sweep S-3): it is the timeout all the same.
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new OperationCanceledException("the TLS handshake did not finish in time", e, cts.Token);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var input = InputPipe(maxPduLength);
        StreamReceiver.Start(ssl, socket, input.Writer, ReceiveChunkSize);
        return new SocketDuplexPipe(input.Reader, OutputOf(ssl))
        {
            PeerCertificate = ssl.RemoteCertificate is { } shown ? shown as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(shown.GetRawCertData()) : null,
        };
    }

    /// <summary>
    /// The incoming pipe. Its reader runs inline on the receiving thread (no hop); the pause threshold lets a whole PDU
    /// in, else the reader, which consumes only whole PDUs, and the receiver would wait on each other.
    /// </summary>
    private static Pipe InputPipe(long maxPduLength)
    {
        long pause = maxPduLength + (2L * ReceiveChunkSize);
        return new Pipe(new PipeOptions(
            pauseWriterThreshold: pause,
            resumeWriterThreshold: pause / 2,
            minimumSegmentSize: ReceiveChunkSize,
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            useSynchronizationContext: false));
    }

    /// <summary>The outgoing side; completing it disposes <paramref name="stream"/>, which closes the socket.</summary>
    private static PipeWriter OutputOf(Stream stream) =>
        PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: false));
}

/// <summary>We refused the peer's certificate; the message says why in full (the exceptions it wraps only say that the validation callback refused it).</summary>
internal sealed class TlsRefusedException(string refusal, Exception inner) : AuthenticationException(refusal, inner);
