using System.CommandLine;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Scu;

namespace Archive.Cli.Commands.Import;

/// <summary>The archive's DICOM listener an import sends to: host, port, its AE title and ours.</summary>
internal sealed class ImportTarget
{
    public Option<string> Host { get; } = new("--host") { Description = "The archive node's DICOM host (default 127.0.0.1).", DefaultValueFactory = _ => "127.0.0.1" };

    public Option<int> Port { get; } = new("--port") { Description = "The archive node's DICOM port (default 11112).", DefaultValueFactory = _ => 11112 };

    public Option<string> CalledAe { get; } = new("--aec") { Description = "The archive's AE title (default ARCHIVE).", DefaultValueFactory = _ => "ARCHIVE" };

    public Option<string> CallingAe { get; } = new("--aet") { Description = "Our AE title, registered in the archive's Dicom:RemoteAes with store rights (default ARCHIVECTL).", DefaultValueFactory = _ => "ARCHIVECTL" };

    public Option<int> Timeout { get; } = new("--timeout") { Description = "Seconds to wait for connect, association set-up and each response (default 120; with --from-pacs, for the connect and association set-up at the PACS).", DefaultValueFactory = _ => 120 };

    public void AddTo(Command command)
    {
        command.Options.Add(Host);
        command.Options.Add(Port);
        command.Options.Add(CalledAe);
        command.Options.Add(CallingAe);
        command.Options.Add(Timeout);
    }

    public Task<DicomClient> ConnectAsync(ParseResult parseResult, PresentationContextList contexts, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(Math.Max(1, parseResult.GetValue(Timeout)));
        var options = new DicomClientOptions
        {
            CallingAeTitle = parseResult.GetValue(CallingAe)!,
            ConnectTimeout = timeout,
            Association = new AssociationOptions { ResponseTimeout = timeout, ArtimTimeout = timeout },
        };
        return DicomClient.ConnectAsync(parseResult.GetValue(Host)!, parseResult.GetValue(Port), parseResult.GetValue(CalledAe)!, contexts, options, cancellationToken: cancellationToken);
    }
}
