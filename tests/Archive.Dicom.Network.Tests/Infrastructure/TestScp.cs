using System.Net;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Scp;
using Archive.Dicom.Network.Transport;

namespace Archive.Dicom.Network.Tests.Infrastructure;

/// <summary>Our listener on a free loopback port with test handlers.</summary>
internal sealed class TestScp : IAsyncDisposable
{
    public TestScp(ScpServices? services = null, AssociationOptions? association = null, AssociationPolicy? policy = null, int maxAssociations = 64, int maxConnections = 256, DicomTls? tls = null)
    {
        Store = new TestStoreHandler();
        Services = services ?? new ScpServices { Store = Store };
        Listener = new DicomListener(
            new DicomListenerOptions
            {
                EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                Association = association ?? new AssociationOptions { ArtimTimeout = TimeSpan.FromSeconds(5) },
                Policy = policy ?? new AssociationPolicy(),
                MaxAssociations = maxAssociations,
                MaxConnections = maxConnections,
                Tls = tls,
            },
            _ => new ScpDispatcher(Services));
        Listener.Start();
    }

    public TestStoreHandler Store { get; }

    public ScpServices Services { get; }

    public DicomListener Listener { get; }

    public int Port => Listener.Port;

    public ValueTask DisposeAsync() => Listener.DisposeAsync();
}
