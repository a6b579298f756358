using System.Net;
using Archive.Dicom.Network.Association;

namespace Archive.Dicom.Network.Transport;

/// <summary>
/// Where and how the DICOM listener serves. Immutable; validated when <see cref="DicomListener"/> is constructed.
/// </summary>
public sealed record DicomListenerOptions
{
    /// <summary>Address to bind; port 0 picks a free port (see <see cref="DicomListener.Port"/>).</summary>
    public IPEndPoint EndPoint { get; init; } = new(IPAddress.Any, 104);

    /// <summary>Associations served at once; one more is answered with A-ASSOCIATE-RJ (transient, local limit exceeded).</summary>
    public int MaxAssociations { get; init; } = 64;

    /// <summary>
    /// Associations one calling AE title may hold at once; one more from it is rejected as past <see cref="MaxAssociations"/>
    /// is, while other callers still get in (sweep X2: one caller holding every slot locked the rest out until its idle
    /// associations timed out). 0: half of <see cref="MaxAssociations"/>.
    /// </summary>
    public int MaxAssociationsPerCallingAe { get; init; }

    /// <summary>What <see cref="MaxAssociationsPerCallingAe"/> comes to.</summary>
    public int PerCallingAeLimit => MaxAssociationsPerCallingAe > 0 ? MaxAssociationsPerCallingAe : Math.Max(1, MaxAssociations / 2);

    /// <summary>Open transport connections at once (negotiating or established); past this, new connections are closed at once.</summary>
    public int MaxConnections { get; init; } = 256;

    /// <summary>
    /// Connections at once that have not yet sent their A-ASSOCIATE-RQ; a new one past this closes the oldest of them
    /// (a PACS sends its request within milliseconds, a peer that connects and says nothing holds a slot until ARTIM):
    /// silent connections cannot lock callers out. 0: a quarter of <see cref="MaxConnections"/>.
    /// </summary>
    public int MaxSilentConnections { get; init; }

    /// <summary>What <see cref="MaxSilentConnections"/> comes to.</summary>
    public int SilentConnectionLimit => MaxSilentConnections > 0 ? MaxSilentConnections : Math.Max(1, MaxConnections / 4);

    /// <summary>When set, every connection is TLS (PS3.15 B.1): the handshake comes before the association request.</summary>
    public DicomTls? Tls { get; init; }

    /// <summary>Told of every refused TLS handshake (the peer's address and port, why): a failed node authentication, for the audit trail.</summary>
    public Action<string, string>? TlsRefused { get; init; }

    /// <summary>
    /// Told of every A-ASSOCIATE-RJ this listener sends (the request, the caller's address and port, the reason), the
    /// association limit's included: for the audit trail.
    /// </summary>
    public Action<Pdu.AssociateRequest, string, AssociationFailure>? AssociationRejected { get; init; }

    /// <summary>Accept queue length.</summary>
    public int Backlog { get; init; } = 128;

    /// <summary>Upper layer timers and caps for every association.</summary>
    public AssociationOptions Association { get; init; } = new();

    /// <summary>What is negotiated.</summary>
    public AssociationPolicy Policy { get; init; } = new();

    public DicomListenerOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(EndPoint);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAssociations, 1, nameof(MaxAssociations));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, MaxAssociations, nameof(MaxConnections));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxAssociationsPerCallingAe, nameof(MaxAssociationsPerCallingAe));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxAssociationsPerCallingAe, MaxAssociations, nameof(MaxAssociationsPerCallingAe));
        ArgumentOutOfRangeException.ThrowIfLessThan(Backlog, 1, nameof(Backlog));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxSilentConnections, nameof(MaxSilentConnections));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxSilentConnections, MaxConnections, nameof(MaxSilentConnections));
        Association.Validate();
        return this;
    }
}
