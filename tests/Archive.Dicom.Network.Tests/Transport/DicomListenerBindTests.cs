using System.Net;
using System.Net.Sockets;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Scp;
using Archive.Dicom.Network.Tests.Infrastructure;
using Archive.Dicom.Network.Transport;
using Archive.Testing;

namespace Archive.Dicom.Network.Tests.Transport;

/// <summary>Binding the listening port: it is ours alone, and it is ours again right after a restart.</summary>
public sealed class DicomListenerBindTests
{
    [Fact]
    public async Task Start_OnAPortAnotherListenerHolds_Throws()
    {
        // Sweep X: .NET's ReuseAddress also set SO_REUSEPORT, so a second archive bound the same port and the kernel
        // handed it half of the callers (their objects acknowledged by an archive they never configured).
        await using var first = new TestScp();
        await using var second = Listener(first.Port);

        var e = Assert.Throws<SocketException>(second.Start);
        Assert.Equal(SocketError.AddressAlreadyInUse, e.SocketErrorCode);
    }

    [Fact]
    public async Task Start_RightAfterAListenerThatClosedAConnection_BindsTheSamePort()
    {
        // A port below the kernel's ephemeral range: one freed from that range may be taken at once by another test's
        // outgoing connection (CI saw "Address already in use" once, with no listener left on it).
        int port = FreePortBelowEphemeralRange();
        using var client = new TcpClient();
        await using (var first = Listener(port, artim: TimeSpan.FromSeconds(1)))
        {
            first.Start();
            await client.ConnectAsync(IPAddress.Loopback, port);
            Assert.True(await Waiting.UntilAsync(() => first.OpenConnections > 0, TimeSpan.FromSeconds(10)));
        }

        // The listener closes the silent connection first (ARTIM); once the caller closes too, the listener's side of it waits
        // in TIME_WAIT on the port, which refuses a bind without SO_REUSEADDR.
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            Assert.Equal(0, await client.GetStream().ReadAsync(new byte[1], timeout.Token));
        }

        client.Close();
        Assert.True(await Waiting.UntilAsync(() => HoldsTimeWait(port), TimeSpan.FromSeconds(10)));

        await using var restarted = Listener(port);
        restarted.Start();
        Assert.Equal(port, restarted.Port);
    }

    [Fact]
    public async Task Start_OnEveryIPv6Interface_ServesIPv4CallersToo()
    {
        // Sweep V: Dicom:BindAddress "::" listened IPv6-only: IPv4 PACS were refused, and 0.0.0.0 on the port was free to another archive.
        await using var listener = Listener(0, IPAddress.IPv6Any);
        listener.Start();

        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(IPAddress.Loopback, listener.Port);
        Assert.True(client.Connected);
    }

    private static int FreePortBelowEphemeralRange()
    {
        var low = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(Math.Max(1025, low - 12000), low);
            try
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // taken: another
            }
        }

        throw new InvalidOperationException("no free port below the ephemeral range");
    }

    /// <summary>Whether a socket with local port <paramref name="port"/> is in TIME_WAIT (state 06 in /proc/net/tcp).</summary>
    private static bool HoldsTimeWait(int port) => File.ReadLines("/proc/net/tcp").Skip(1)
        .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Any(f => f[3] == "06" && int.Parse(f[1].Split(':')[1], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) == port);

    private static DicomListener Listener(int port, IPAddress? address = null, TimeSpan? artim = null) => new(
        new DicomListenerOptions
        {
            EndPoint = new IPEndPoint(address ?? IPAddress.Loopback, port),
            Policy = new AssociationPolicy(),
            Association = new AssociationOptions { ArtimTimeout = artim ?? TimeSpan.FromSeconds(30) },
        },
        _ => new ScpDispatcher(new ScpServices()));
}
