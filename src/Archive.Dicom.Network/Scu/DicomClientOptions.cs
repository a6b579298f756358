using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Pdu;

namespace Archive.Dicom.Network.Scu;

/// <summary>Who we are when we call, and the upper-layer options. Immutable; validated by <see cref="DicomClient"/>.</summary>
public sealed record DicomClientOptions
{
    public string CallingAeTitle { get; init; } = "ARCHIVE";

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public AssociationOptions Association { get; init; } = new();

    /// <summary>Optional user identity to send (never logged).</summary>
    public UserIdentityRequest? UserIdentity { get; init; }

    internal DicomClientOptions Validate()
    {
        AeTitle.Validate(CallingAeTitle, nameof(CallingAeTitle));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
        Association.Validate();
        return this;
    }
}
