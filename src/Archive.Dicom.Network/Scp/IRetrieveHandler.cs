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

    /// <summary>
    /// Told as each sub-operation's dataset starts going out: <paramref name="length"/> bytes (after any transcoding).
    /// Instances fetched ahead and never sent (a cancel, a failure, no context for them) are never told. Must not throw.
    /// </summary>
    void Sending(QueryRequest request, IRetrieveInstance instance, long length)
    {
    }
}
