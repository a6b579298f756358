using System.IO.Pipelines;

namespace Archive.Dicom.Network.Transport;

/// <summary>A reader and a writer paired as one <see cref="IDuplexPipe"/>.</summary>
public sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe
{
    /// <summary>
    /// Two connected in-memory pipes: what one side writes the other reads. For tests and benchmarks. By default the
    /// pipes ignore the caller's synchronization context (<see cref="PipeOptions.Default"/> captures it): under a test
    /// framework's context a reader's wake-up could otherwise wait behind the test itself, and an active association
    /// would look idle.
    /// </summary>
    public static (DuplexPipe Client, DuplexPipe Server) CreatePair(PipeOptions? options = null)
    {
        options ??= new PipeOptions(useSynchronizationContext: false);
        var toServer = new Pipe(options);
        var toClient = new Pipe(options);
        return (new DuplexPipe(toClient.Reader, toServer.Writer), new DuplexPipe(toServer.Reader, toClient.Writer));
    }
}

/// <summary>
/// The duplex pipe over a connected socket (<see cref="SocketPipe"/>). Completing its writer cleanly first sends what it
/// buffered, for as long as the peer takes to read it; completed with an error it closes the connection at once and
/// drops those bytes, which is what an association that failed (its peer stopped reading, among others) needs.
/// </summary>
public sealed record SocketDuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe
{
    /// <summary>The certificate the peer showed in the TLS handshake; null in the clear, or when it showed none.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? PeerCertificate { get; init; }
}
