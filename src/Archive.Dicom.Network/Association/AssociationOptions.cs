using Archive.Dicom.Network.Pdu;

namespace Archive.Dicom.Network.Association;

/// <summary>
/// Timers and per-association memory caps of the upper layer. Immutable; the constructor of every component that
/// takes it calls <see cref="Validate"/>, so a bad value fails at start-up, not mid-association.
/// </summary>
public sealed record AssociationOptions
{
    /// <summary>ARTIM: how long to wait for an A-ASSOCIATE-RQ after connect, and for the peer to close after RJ/RP.</summary>
    public TimeSpan ArtimTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// ARTIM after an A-ABORT we sent (capped by <see cref="ArtimTimeout"/>): long enough for the abort to reach the peer
    /// before we close, short enough that a peer which never answers (frozen) does not hold us: waiting out the full
    /// ARTIM there doubled the time a move or report to such a peer took to fail (sweep O). dcmtk closes at once.
    /// </summary>
    public TimeSpan AbortLinger { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>An established association with no PDU for this long is aborted.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a requestor waits for the A-ASSOCIATE-AC/RJ and for the A-RELEASE-RP.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a DIMSE request we sent waits for each response (a pending one included) before the association is
    /// aborted: a peer that takes a C-STORE and never answers would otherwise hold the retrieve, and the association,
    /// for ever (the idle timer leaves an association with work outstanding alone).
    /// </summary>
    public TimeSpan DimseTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Maximum P-DATA-TF variable-field length we announce and accept (PS3.8 D.1). Also the receive buffer cap.</summary>
    public uint MaxReceivePduLength { get; init; } = 256 * 1024;

    /// <summary>Largest fragment we send when the peer announces 0 (unlimited).</summary>
    public int MaxSendFragmentLength { get; init; } = 256 * 1024;

    /// <summary>Largest A-ASSOCIATE-RQ/AC accepted.</summary>
    public uint MaxAssociatePduLength { get; init; } = 256 * 1024;

    /// <summary>Largest command set accepted.</summary>
    public int MaxCommandLength { get; init; } = 64 * 1024;

    /// <summary>Largest dataset held in memory (identifiers, N-ACTION/N-EVENT-REPORT information); C-STORE datasets stream to their sink instead.</summary>
    public int MaxInMemoryDatasetLength { get; init; } = 16 * 1024 * 1024;

    /// <summary>Unflushed bytes that trigger a flush while sending a dataset.</summary>
    public int SendFlushThreshold { get; init; } = 1024 * 1024;

    /// <summary>The PDU caps these options imply.</summary>
    public PduLimits Limits => new(Math.Max(MaxReceivePduLength, 4), MaxAssociatePduLength);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> on a value that cannot work.</summary>
    public AssociationOptions Validate()
    {
        Positive(ArtimTimeout, nameof(ArtimTimeout));
        Positive(AbortLinger, nameof(AbortLinger));
        Positive(IdleTimeout, nameof(IdleTimeout));
        Positive(ResponseTimeout, nameof(ResponseTimeout));
        Positive(DimseTimeout, nameof(DimseTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReceivePduLength, 1024u, nameof(MaxReceivePduLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxReceivePduLength, 64u * 1024 * 1024, nameof(MaxReceivePduLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSendFragmentLength, 1024, nameof(MaxSendFragmentLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxSendFragmentLength, 16 * 1024 * 1024, nameof(MaxSendFragmentLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAssociatePduLength, 1024u, nameof(MaxAssociatePduLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCommandLength, 256, nameof(MaxCommandLength));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxInMemoryDatasetLength, nameof(MaxInMemoryDatasetLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(SendFlushThreshold, 1, nameof(SendFlushThreshold));
        return this;
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "must be positive or infinite");
        }
    }
}
