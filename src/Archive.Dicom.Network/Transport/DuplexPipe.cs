using System.IO.Pipelines;

namespace Archive.Dicom.Network.Transport;

/// <summary>A reader and a writer paired as one <see cref="IDuplexPipe"/>.</summary>
public sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe
{
    /// <summary>Two connected in-memory pipes: what one side writes the other reads. For tests and benchmarks.</summary>
    public static (DuplexPipe Client, DuplexPipe Server) CreatePair(PipeOptions? options = null)
    {
        var toServer = new Pipe(options ?? PipeOptions.Default);
        var toClient = new Pipe(options ?? PipeOptions.Default);
        return (new DuplexPipe(toClient.Reader, toServer.Writer), new DuplexPipe(toServer.Reader, toClient.Writer));
    }
}
