namespace Archive.Dicom.Network.Dimse;

/// <summary>
/// Where the bytes of a received dataset go, fragment by fragment, in order (a spool file for C-STORE, memory
/// for identifiers). Called from one thread at a time. Disposing without completion discards what was written.
/// </summary>
public interface IDatasetSink : IAsyncDisposable
{
    /// <summary>Appends one fragment. The memory is borrowed: copy it before returning if it must be kept.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken);
}
