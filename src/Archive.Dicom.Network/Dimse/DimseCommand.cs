namespace Archive.Dicom.Network.Dimse;

/// <summary>
/// A DIMSE command set (group 0000) as typed fields; absent fields are null. Immutable: build variations with
/// <c>with</c>. Encoded and decoded by <see cref="CommandSetCodec"/>.
/// </summary>
public sealed record DimseCommand
{
    /// <summary>Command Data Set Type value meaning "no data set" (0000,0800).</summary>
    public const ushort NoDataSet = 0x0101;

    /// <summary>Command Data Set Type value we send when a data set follows (any value other than 0x0101 means present).</summary>
    public const ushort DataSetPresent = 0x0001;

    public required DimseCommandField CommandField { get; init; }

    /// <summary>(0000,0002) Affected SOP Class UID.</summary>
    public string? AffectedSopClassUid { get; init; }

    /// <summary>(0000,0003) Requested SOP Class UID.</summary>
    public string? RequestedSopClassUid { get; init; }

    /// <summary>(0000,0110) Message ID.</summary>
    public ushort? MessageId { get; init; }

    /// <summary>(0000,0120) Message ID Being Responded To.</summary>
    public ushort? MessageIdBeingRespondedTo { get; init; }

    /// <summary>(0000,0600) Move Destination AE title.</summary>
    public string? MoveDestination { get; init; }

    /// <summary>(0000,0700) Priority.</summary>
    public DimsePriority? Priority { get; init; }

    /// <summary>(0000,0800) Command Data Set Type.</summary>
    public ushort CommandDataSetType { get; init; } = NoDataSet;

    /// <summary>(0000,0900) Status.</summary>
    public DimseStatus? Status { get; init; }

    /// <summary>(0000,0901) Offending Element tags.</summary>
    public IReadOnlyList<uint>? OffendingElements { get; init; }

    /// <summary>(0000,0902) Error Comment (at most 64 characters; never put patient data here).</summary>
    public string? ErrorComment { get; init; }

    /// <summary>(0000,0903) Error ID.</summary>
    public ushort? ErrorId { get; init; }

    /// <summary>(0000,1000) Affected SOP Instance UID.</summary>
    public string? AffectedSopInstanceUid { get; init; }

    /// <summary>(0000,1001) Requested SOP Instance UID.</summary>
    public string? RequestedSopInstanceUid { get; init; }

    /// <summary>(0000,1002) Event Type ID.</summary>
    public ushort? EventTypeId { get; init; }

    /// <summary>(0000,1005) Attribute Identifier List.</summary>
    public IReadOnlyList<uint>? AttributeIdentifiers { get; init; }

    /// <summary>(0000,1008) Action Type ID.</summary>
    public ushort? ActionTypeId { get; init; }

    /// <summary>(0000,1020) Number of Remaining Sub-operations.</summary>
    public ushort? RemainingSubOperations { get; init; }

    /// <summary>(0000,1021) Number of Completed Sub-operations.</summary>
    public ushort? CompletedSubOperations { get; init; }

    /// <summary>(0000,1022) Number of Failed Sub-operations.</summary>
    public ushort? FailedSubOperations { get; init; }

    /// <summary>(0000,1023) Number of Warning Sub-operations.</summary>
    public ushort? WarningSubOperations { get; init; }

    /// <summary>(0000,1030) Move Originator Application Entity Title.</summary>
    public string? MoveOriginatorAeTitle { get; init; }

    /// <summary>(0000,1031) Move Originator Message ID.</summary>
    public ushort? MoveOriginatorMessageId { get; init; }

    /// <summary>True when a data set follows the command.</summary>
    public bool HasDataSet => CommandDataSetType != NoDataSet;

    /// <summary>True for request commands (and C-CANCEL), false for responses.</summary>
    public bool IsRequest => ((ushort)CommandField & 0x8000) == 0;

    /// <summary>The SOP class the command is about: affected, else requested.</summary>
    public string? SopClassUid => AffectedSopClassUid ?? RequestedSopClassUid;
}
