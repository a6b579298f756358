namespace Archive.Dicom.Network.Pdu;

/// <summary>
/// Caps checked against every wire length before anything is allocated (STYLE.md §3). Immutable.
/// </summary>
/// <param name="MaxDataPduLength">Largest P-DATA-TF (and release/abort) PDU length accepted: our advertised maximum receive length.</param>
/// <param name="MaxAssociatePduLength">Largest A-ASSOCIATE-RQ/AC PDU length accepted.</param>
/// <param name="MaxPresentationContexts">Largest number of presentation context items (PS3.8 allows 128 odd ids).</param>
/// <param name="MaxTransferSyntaxesPerContext">Largest number of transfer syntaxes proposed in one context.</param>
/// <param name="MaxSubItems">Largest number of role selection / extended negotiation sub-items.</param>
public sealed record PduLimits(
    uint MaxDataPduLength = 1024 * 1024,
    uint MaxAssociatePduLength = 256 * 1024,
    int MaxPresentationContexts = 128,
    int MaxTransferSyntaxesPerContext = 64,
    int MaxSubItems = 256)
{
    /// <summary>The defaults: 1 MiB data PDUs, 256 KiB association PDUs.</summary>
    public static PduLimits Default { get; } = new();

    /// <summary>Largest UID length in bytes (PS3.5 §9.1).</summary>
    public const int MaxUidLength = 64;

    /// <summary>The longest PDU accepted, header included: what a receive buffer must hold before a PDU can be read whole.</summary>
    public long MaxFrameLength => Math.Max(MaxDataPduLength, MaxAssociatePduLength) + (long)PduFrame.HeaderLength;

    /// <summary>The cap for a PDU of the given type.</summary>
    public uint MaxLengthFor(PduType type) =>
        type is PduType.AssociateRequest or PduType.AssociateAccept ? MaxAssociatePduLength : MaxDataPduLength;
}
