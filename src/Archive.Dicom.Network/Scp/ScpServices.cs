using Archive.Dicom.Network.Scu;

namespace Archive.Dicom.Network.Scp;

/// <summary>
/// The handlers an SCP serves with; a null handler means the service answers "unrecognized operation"
/// (C-ECHO answers success without one). Immutable.
/// </summary>
public sealed record ScpServices
{
    public ICEchoHandler? Echo { get; init; }

    public ICStoreHandler? Store { get; init; }

    public ICFindHandler? Find { get; init; }

    /// <summary>Resolves C-MOVE and C-GET identifiers.</summary>
    public IRetrieveHandler? Retrieve { get; init; }

    /// <summary>Where C-MOVE destinations and storage commitment requestors live.</summary>
    public IDicomPeerResolver? Peers { get; init; }

    public IStorageCommitmentHandler? StorageCommitment { get; init; }

    public INEventReportHandler? EventReport { get; init; }

    /// <summary>Options for the associations we open ourselves (C-MOVE sub-operations, late N-EVENT-REPORTs).</summary>
    public DicomClientOptions ClientOptions { get; init; } = new();
}
