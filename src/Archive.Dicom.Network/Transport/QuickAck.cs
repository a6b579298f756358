using System.Net.Sockets;

namespace Archive.Dicom.Network.Transport;

/// <summary>
/// Acknowledges received bytes at once (Linux TCP_QUICKACK). Why: a DICOM sender that leaves Nagle's algorithm on
/// (dcmtk's tools and the PACS built on them, unless TCP_NODELAY=1 is in their environment) holds the last partial
/// segment of each dataset until what it sent before is acknowledged, while the kernel here, seeing request and response
/// alternate, delays that acknowledgement hoping to carry it on the response, which cannot go before the last segment
/// arrives. The two wait on each other until the delayed-ACK timer fires: about 35 ms per object, 30 objects/s from
/// storescu on one association instead of 200 or more. The kernel falls back to delaying after each exchange, so this is
/// set again after every receive: one cheap system call against a 35 ms stall.
/// </summary>
internal static class QuickAck
{
    private const int IpProtoTcp = 6;
    private const int TcpQuickAck = 12;

    private static readonly bool Supported = OperatingSystem.IsLinux();

    /// <summary>Sends any pending acknowledgement now and leaves delayed-ACK mode; a no-op off Linux or on a closed socket.</summary>
    public static void Request(Socket socket)
    {
        if (!Supported)
        {
            return;
        }

        try
        {
            socket.SetRawSocketOption(IpProtoTcp, TcpQuickAck, [1, 0, 0, 0]);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The connection is going away: the receive that follows reports it.
        }
    }
}
