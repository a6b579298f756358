using Archive.Dicom.Model;
using Archive.Dicom.Network.Dimse;

namespace Archive.Dicom.Network.Association;

/// <summary>
/// What an acceptor agrees to: called and calling AE titles, abstract syntaxes, transfer syntax preference and
/// roles. Immutable; evaluated by <see cref="AssociationNegotiator"/>.
/// </summary>
public sealed record AssociationPolicy
{
    /// <summary>Our AE title. When <see cref="RequireCalledAeTitle"/> is set, a request calling another title is rejected.</summary>
    public string AeTitle { get; init; } = "ARCHIVE";

    /// <summary>Reject requests whose called AE title is not <see cref="AeTitle"/>.</summary>
    public bool RequireCalledAeTitle { get; init; }

    /// <summary>
    /// Decides whether a calling AE may associate, given its title and what the transport knows of the caller (its
    /// address, its TLS certificate); null accepts any valid title.
    /// </summary>
    public Func<string, CallingPeer, bool>? IsCallingAeTitleAllowed { get; init; }

    /// <summary>Accept every standard Storage SOP Class.</summary>
    public bool AcceptAllStorage { get; init; } = true;

    /// <summary>Recognizes storage SOP classes; defaults to the UID registry's list (plus newer classes under the storage branch).</summary>
    public Func<string, bool> IsStorageSopClass { get; init; } = DefaultIsStorage;

    /// <summary>Private (or otherwise unrecognized) storage SOP classes to accept too.</summary>
    public IReadOnlySet<string> PrivateStorageSopClasses { get; init; } = new HashSet<string>();

    /// <summary>Non-storage services offered: verification, Q/R find/move/get, storage commitment by default.</summary>
    public IReadOnlySet<string> ServiceSopClasses { get; init; } = new HashSet<string>(
        [ServiceUids.Verification, .. ServiceUids.FindModels, .. ServiceUids.MoveModels, .. ServiceUids.GetModels, ServiceUids.StorageCommitmentPushModel]);

    /// <summary>
    /// For storage, take the requestor's first acceptable transfer syntax (its own encoding, so nothing is transcoded
    /// before it reaches us). When false, <see cref="StorageTransferSyntaxes"/> decides.
    /// </summary>
    public bool PreferRequestorStorageOrder { get; init; } = true;

    /// <summary>Transfer syntaxes for storage contexts in preference order; any other known syntax comes after these in the requestor's order.</summary>
    public IReadOnlyList<string> StorageTransferSyntaxes { get; init; } = DefaultStoragePreference;

    /// <summary>Accept known transfer syntaxes for storage that are not in <see cref="StorageTransferSyntaxes"/> (lossy, deflate, big endian).</summary>
    public bool AcceptAnyKnownStorageTransferSyntax { get; init; } = true;

    /// <summary>Transfer syntaxes for non-storage services, in preference order.</summary>
    public IReadOnlyList<string> ServiceTransferSyntaxes { get; init; } =
        [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid];

    /// <summary>Grant a requestor's proposal to act as storage SCP (needed for C-GET).</summary>
    public bool AllowRequestorScpRole { get; init; } = true;

    /// <summary>
    /// SOP Class Extended Negotiation (PS3.7 D.3.3.5) answered per SOP class: the service-specific bytes offered, each
    /// 1 (supported) or 0. A requestor's item for an accepted class listed here is answered with its bytes ANDed with
    /// these, up to the shorter of the two; any other item gets no answer, which means "not supported".
    /// </summary>
    public IReadOnlyDictionary<string, byte[]> ExtendedNegotiation { get; init; } = DefaultExtendedNegotiation;

    /// <summary>
    /// Query/Retrieve (PS3.4 C.5.1.1): C-FIND relational queries, and not combined date-time matching, fuzzy semantic
    /// matching of person names or timezone adjustment; C-MOVE and C-GET relational retrieval, and not enhanced
    /// multi-frame image conversion.
    /// </summary>
    public static IReadOnlyDictionary<string, byte[]> DefaultExtendedNegotiation { get; } = new Dictionary<string, byte[]>(StringComparer.Ordinal)
    {
        [ServiceUids.PatientRootFind] = [1, 0, 0, 0],
        [ServiceUids.StudyRootFind] = [1, 0, 0, 0],
        [ServiceUids.PatientRootMove] = [1, 0],
        [ServiceUids.StudyRootMove] = [1, 0],
        [ServiceUids.PatientRootGet] = [1, 0],
        [ServiceUids.StudyRootGet] = [1, 0],
    };

    /// <summary>Lossless compressed first (kept as received), then uncompressed; lossy never preferred over uncompressed.</summary>
    public static IReadOnlyList<string> DefaultStoragePreference { get; } =
    [
        "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.57",
        "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202",
        DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid,
    ];

    /// <summary>Every registered Storage SOP Class and any newer one under the storage branch (the UID registry decides).</summary>
    private static bool DefaultIsStorage(string uid) => Archive.Dicom.Uids.DicomStorageSopClasses.IsStorage(uid);
}
