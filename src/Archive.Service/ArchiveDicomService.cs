using System.Net;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Pdu;
using Archive.Dicom.Network.Transport;
using Archive.Dicom.Network.Scp;
using Archive.Service.Committing;
using Archive.Service.Configuration;
using Archive.Service.Querying;
using Archive.Service.Retrieving;
using Archive.Service.Storing;
using Archive.Storage.Audit;

namespace Archive.Service;

/// <summary>
/// The archive's DICOM face: the association policy (who may call, which services) and the DIMSE
/// handlers, ready for the network listener the host runs.
/// </summary>
public sealed class ArchiveDicomService(ArchiveServiceOptions options, AeRegistry registry, ArchiveStoreHandler store, ArchiveFindHandler find, ArchiveRetrieveHandler retrieve, ArchiveCommitmentHandler commitment, IAuditTrail? audit = null)
{
    private readonly RejectionAudit _rejections = new(audit, TimeProvider.System);
    private readonly RejectionAudit _tlsRefusals = new(audit, TimeProvider.System, AuditTypes.TlsRefused, "refused TLS handshake(s)");

    /// <summary>
    /// Unknown calling AEs, AEs configured for TLS calling a listener in the clear (<paramref name="overTls"/>
    /// false), and, when the host is checked, AEs calling from another address than their host's or showing a TLS
    /// certificate that does not name it, are rejected at association time (A-ASSOCIATE-RJ, calling AE not recognized),
    /// and audited with the caller's address.
    /// </summary>
    public AssociationPolicy Policy(AssociationPolicy defaults, bool overTls = false)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return defaults with { AeTitle = options.AeTitle, RequireCalledAeTitle = !options.AcceptAnyCalledAe, IsCallingAeTitleAllowed = (title, caller) => MayAssociate(title, caller, overTls) };
    }

    private bool MayAssociate(string callingAeTitle, CallingPeer caller, bool overTls)
    {
        if (registry.WhyRefused(callingAeTitle, overTls, caller) is not { } reason)
        {
            return true;
        }

        _rejections.Record(callingAeTitle, reason, caller.Address?.ToString());
        return false;
    }

    /// <summary>Records what the rejection audit has counted but not yet written; call once the listeners have stopped.</summary>
    public void FlushRejectionAudit()
    {
        _rejections.Flush();
        _tlsRefusals.Flush();
    }

    public ScpServices Services(ScpServices defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return defaults with
        {
            Store = store,
            Find = find,
            Retrieve = retrieve,
            StorageCommitment = commitment,
            Peers = registry,
            ClientOptions = defaults.ClientOptions with { CallingAeTitle = options.AeTitle, Tls = options.Tls },
        };
    }

    /// <summary>
    /// The DICOM listener serving this service on <paramref name="endPoint"/> (not started);
    /// <paramref name="decorate"/> may wrap each association's dispatcher (the host's metrics).
    /// </summary>
    public DicomListener CreateListener(IPEndPoint endPoint, DicomListenerOptions? defaults = null, TimeProvider? time = null, Microsoft.Extensions.Logging.ILogger? logger = null, Func<AssociationInfo, IDimseServiceProvider, IDimseServiceProvider>? decorate = null)
    {
        var services = Services(new ScpServices());
        return new DicomListener(
            ListenerOptions(endPoint, defaults ?? new DicomListenerOptions()),
            association => decorate is null ? new ScpDispatcher(services, logger) : decorate(association, new ScpDispatcher(services, logger)),
            time,
            logger);
    }

    /// <summary>
    /// A listener's options on <paramref name="endPoint"/>: this service's association policy, and refused TLS handshakes
    /// audited. Every listener the host runs takes them (<see cref="CreateListener"/>, or the host's own metered one).
    /// </summary>
    public DicomListenerOptions ListenerOptions(IPEndPoint endPoint, DicomListenerOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return defaults with
        {
            EndPoint = endPoint,
            Policy = Policy(defaults.Policy, defaults.Tls is not null),
            TlsRefused = (from, reason) => _tlsRefusals.Record(from, reason, from), // no AE title before the handshake
            AssociationRejected = AuditRejected,
        };
    }

    /// <summary>
    /// Audits an A-ASSOCIATE-RJ; a refused calling AE is audited by <see cref="MayAssociate"/> already, with the registry's reason.
    /// </summary>
    private void AuditRejected(AssociateRequest request, string from, AssociationFailure failure)
    {
        var reason = failure switch
        {
            AssociationFailure.CallingAeTitleNotRecognized when AeTitle.IsValid(request.CallingAeTitle) => null,
            AssociationFailure.CallingAeTitleNotRecognized => "calling AE title not valid",
            AssociationFailure.CalledAeTitleNotRecognized => $"called AE title {request.CalledAeTitle} is not this archive's ({options.AeTitle})",
            AssociationFailure.RejectedNoReason => "no proposed presentation context acceptable",
            AssociationFailure.LocalLimitExceeded => "too many associations at once (Dicom:MaxAssociations)",
            AssociationFailure.ProtocolVersionNotSupported => "protocol version not supported",
            AssociationFailure.ApplicationContextNotSupported => "application context not DICOM's",
            _ => failure.ToString(),
        };
        if (reason is not null)
        {
            _rejections.Record(request.CallingAeTitle, reason, from);
        }
    }

    /// <summary>The background work the host must run while serving (storage commitment reports).</summary>
    public Task RunAsync(CancellationToken cancellationToken) => commitment.RunAsync(cancellationToken);
}
