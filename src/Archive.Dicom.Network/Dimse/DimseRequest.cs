using Archive.Dicom.Network.Association;

namespace Archive.Dicom.Network.Dimse;

/// <summary>
/// A complete request received on an association. <see cref="Dataset"/> holds in-memory datasets (identifiers,
/// N-ACTION information); a C-STORE dataset went to <see cref="StoreOperation"/> instead.
/// </summary>
public sealed record DimseRequest(AssociationInfo Association, PresentationContext Context, DimseCommand Command, ReadOnlyMemory<byte> Dataset)
{
    /// <summary>The C-STORE operation that received the dataset; null for other commands.</summary>
    public IStoreOperation? StoreOperation { get; init; }

    /// <summary>Message ID of the request.</summary>
    public ushort MessageId => Command.MessageId ?? 0;
}
