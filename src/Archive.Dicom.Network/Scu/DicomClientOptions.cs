using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Pdu;
using Archive.Dicom.Network.Scp;
using Archive.Dicom.Network.Transport;
using Archive.Tls;

namespace Archive.Dicom.Network.Scu;

/// <summary>Who we are when we call, and the upper-layer options. Immutable; validated by <see cref="DicomClient"/>.</summary>
public sealed record DicomClientOptions
{
    public string CallingAeTitle { get; init; } = "ARCHIVE";

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public AssociationOptions Association { get; init; } = new();

    /// <summary>When set, connections go over TLS with this certificate and these trusted authorities.</summary>
    public DicomTls? Tls { get; init; }

    /// <summary>Optional user identity to send (never logged).</summary>
    public UserIdentityRequest? UserIdentity { get; init; }

    /// <summary>
    /// These options for a connection to <paramref name="peer"/>: over TLS when the peer is configured for it (with
    /// <see cref="Tls"/>, which must then be set), in the clear otherwise.
    /// </summary>
    public DicomClientOptions For(DicomPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (!peer.Tls)
        {
            return Tls is null ? this : this with { Tls = null };
        }

        return Tls is null
            ? throw new TlsMaterialException($"AE '{peer.AeTitle}' is configured for TLS, but this side has no TLS certificate")
            : this;
    }

    internal DicomClientOptions Validate()
    {
        AeTitle.Validate(CallingAeTitle, nameof(CallingAeTitle));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
        Association.Validate();
        return this;
    }
}
