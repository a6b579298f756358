namespace Archive.Dicom.Network.Pdu;

/// <summary>The User Information item (type 50) and its sub-items. Immutable; lists are never null.</summary>
/// <param name="MaxPduLength">Maximum length of the variable field of P-DATA-TF PDUs the sender can receive; 0 = unlimited.</param>
public sealed record UserInformation(
    uint MaxPduLength,
    string? ImplementationClassUid,
    string? ImplementationVersionName = null,
    AsyncOperationsWindow? AsyncOperations = null,
    IReadOnlyList<RoleSelection>? RoleSelections = null,
    UserIdentityRequest? UserIdentity = null,
    UserIdentityResponse? UserIdentityResponse = null,
    IReadOnlyList<SopClassExtendedNegotiation>? ExtendedNegotiations = null,
    IReadOnlyList<SopClassCommonExtendedNegotiation>? CommonExtendedNegotiations = null)
{
    /// <summary>Role selection sub-items (empty when none).</summary>
    public IReadOnlyList<RoleSelection> RoleSelections { get; init; } = RoleSelections ?? [];

    /// <summary>SOP class extended negotiation sub-items (empty when none).</summary>
    public IReadOnlyList<SopClassExtendedNegotiation> ExtendedNegotiations { get; init; } = ExtendedNegotiations ?? [];

    /// <summary>SOP class common extended negotiation sub-items (empty when none).</summary>
    public IReadOnlyList<SopClassCommonExtendedNegotiation> CommonExtendedNegotiations { get; init; } = CommonExtendedNegotiations ?? [];
}
