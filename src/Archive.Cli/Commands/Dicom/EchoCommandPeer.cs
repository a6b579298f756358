using System.CommandLine;
using System.Net.Sockets;
using System.Security.Authentication;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scu;
using Archive.Dicom.Network.Transport;
using Archive.Tls;

namespace Archive.Cli.Commands.Dicom;

/// <summary>The peer arguments shared by the SCU commands: host, port, calling and called AE titles, timeout, TLS.</summary>
internal sealed class EchoCommandPeer
{
    public Argument<string> Host { get; } = new("host") { Description = "Peer host name or address." };

    public Argument<int> Port { get; } = new("port") { Description = "Peer DICOM port." };

    public Option<string> CallingAe { get; } = new("--aet") { Description = "Our (calling) AE title.", DefaultValueFactory = _ => "ARCHIVECTL" };

    public Option<string> CalledAe { get; } = new("--aec") { Description = "The peer's (called) AE title.", DefaultValueFactory = _ => "ANY-SCP" };

    public Option<int> Timeout { get; } = new("--timeout") { Description = "Seconds to wait for connect and each response.", DefaultValueFactory = _ => 30 };

    public Option<string?> TlsCertificate { get; } = new("--tls-cert") { Description = "Connect over TLS with this certificate (PEM; needs --tls-key)." };

    public Option<string?> TlsKey { get; } = new("--tls-key") { Description = "The private key of --tls-cert (PEM, unencrypted)." };

    public Option<string?> TlsCa { get; } = new("--tls-ca") { Description = "CA certificates (PEM) the peer's certificate must chain to; default: the system's trust store." };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Host);
        command.Arguments.Add(Port);
        command.Options.Add(CallingAe);
        command.Options.Add(CalledAe);
        command.Options.Add(Timeout);
        command.Options.Add(TlsCertificate);
        command.Options.Add(TlsKey);
        command.Options.Add(TlsCa);
    }

    /// <summary>Connects; on failure writes why to <paramref name="error"/> and returns null with the exit code to use.</summary>
    public async Task<(DicomClient? Client, int ExitCode)> ConnectAsync(ParseResult parseResult, PresentationContextList contexts, TextWriter error, CancellationToken cancellationToken, IDimseServiceProvider? incoming = null)
    {
        var timeout = TimeSpan.FromSeconds(Math.Max(1, parseResult.GetValue(Timeout)));
        try
        {
            var options = new DicomClientOptions
            {
                CallingAeTitle = parseResult.GetValue(CallingAe)!,
                ConnectTimeout = timeout,
                Association = new AssociationOptions { ResponseTimeout = timeout, ArtimTimeout = timeout },
                Tls = Tls(parseResult),
            };
            var client = await DicomClient.ConnectAsync(parseResult.GetValue(Host)!, parseResult.GetValue(Port), parseResult.GetValue(CalledAe)!, contexts, options, incoming, cancellationToken: cancellationToken);
            return (client, ExitCodes.Ok);
        }
        catch (Exception ex) when (ex is ArgumentException or TlsMaterialException)
        {
            await error.WriteLineAsync($"bad argument: {ex.Message}");
            return (null, ExitCodes.Usage);
        }
        catch (AssociationRejectedException ex)
        {
            await error.WriteLineAsync($"association rejected: {ex.Failure}");
            return (null, ExitCodes.Unreachable);
        }
        catch (Exception ex) when (ex is AssociationAbortedException or SocketException or IOException or OperationCanceledException or AuthenticationException)
        {
            await error.WriteLineAsync($"cannot reach {parseResult.GetValue(Host)}:{parseResult.GetValue(Port)}: {ex.Message}");
            return (null, ExitCodes.Unreachable);
        }
    }

    /// <summary>The TLS material the options name; null without --tls-cert. Throws <see cref="ArgumentException"/> or <see cref="TlsMaterialException"/>.</summary>
    public DicomTls? Tls(ParseResult parseResult)
    {
        var certificate = parseResult.GetValue(TlsCertificate);
        var key = parseResult.GetValue(TlsKey);
        if (certificate is null && key is null)
        {
            return parseResult.GetValue(TlsCa) is null ? null : throw new ArgumentException("--tls-ca needs --tls-cert and --tls-key");
        }

        return certificate is null || key is null
            ? throw new ArgumentException("--tls-cert and --tls-key go together")
            : DicomTls.FromPemFiles(certificate, key, parseResult.GetValue(TlsCa));
    }
}
