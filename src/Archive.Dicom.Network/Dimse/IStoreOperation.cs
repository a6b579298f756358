namespace Archive.Dicom.Network.Dimse;

/// <summary>
/// One C-STORE in progress on the SCP: receives the dataset bytes, then decides the status. Disposing without
/// <see cref="CompleteAsync"/> (abort, transport loss) must leave nothing partial behind.
/// </summary>
public interface IStoreOperation : IDatasetSink
{
    /// <summary>The whole dataset was received: make it durable (as the acknowledgement level demands) and return the status.</summary>
    ValueTask<DimseResult> CompleteAsync(CancellationToken cancellationToken);
}
