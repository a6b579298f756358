namespace Archive.Dicom.Network.Scp;

/// <summary>Query SCP (C-FIND).</summary>
public interface ICFindHandler
{
    /// <summary>
    /// Yields one identifier per match, encoded in the request's transfer syntax; each becomes a pending response.
    /// Cancellation (C-CANCEL) is signalled through <paramref name="cancellationToken"/>: stop yielding. Throw
    /// <see cref="DimseStatusException"/> for a request that cannot be answered (e.g. 0xA900, 0xC000).
    /// </summary>
    IAsyncEnumerable<ReadOnlyMemory<byte>> FindAsync(QueryRequest request, CancellationToken cancellationToken);
}
