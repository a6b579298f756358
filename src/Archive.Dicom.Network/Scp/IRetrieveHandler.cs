namespace Archive.Dicom.Network.Scp;

/// <summary>Retrieve SCP (C-MOVE and C-GET): resolves an identifier to instances; the network layer performs the sub-operations.</summary>
public interface IRetrieveHandler
{
    ValueTask<RetrieveResolution> ResolveAsync(QueryRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Told once per retrieve, when it ends: what was sent, or why nothing was (refused before it was resolved, such as
    /// a move destination not known, or by <see cref="ResolveAsync"/>); also when the association ends first. Must not throw.
    /// </summary>
    void Finished(QueryRequest request, RetrieveOutcome outcome);
}
