namespace Archive.Dicom.Network.Dimse;

/// <summary>A DIMSE status code (0000,0900) with its category. Immutable value.</summary>
public readonly record struct DimseStatus(ushort Code)
{
    public static readonly DimseStatus Success = new(0x0000);
    public static readonly DimseStatus Pending = new(0xFF00);
    public static readonly DimseStatus PendingWithWarnings = new(0xFF01);
    public static readonly DimseStatus Cancel = new(0xFE00);

    /// <summary>Warning: sub-operations complete, one or more failures or warnings (C-MOVE/C-GET).</summary>
    public static readonly DimseStatus SubOperationsCompleteWithFailures = new(0xB000);

    /// <summary>Warning: coercion of data elements (C-STORE).</summary>
    public static readonly DimseStatus CoercionOfDataElements = new(0xB000);

    /// <summary>Warning: elements discarded (C-STORE).</summary>
    public static readonly DimseStatus ElementsDiscarded = new(0xB006);

    /// <summary>Warning: data set does not match SOP class (C-STORE).</summary>
    public static readonly DimseStatus DataSetDoesNotMatchSopClassWarning = new(0xB007);

    /// <summary>Failure: refused, out of resources (0xA700 for C-STORE).</summary>
    public static readonly DimseStatus OutOfResources = new(0xA700);

    /// <summary>Failure: C-MOVE/C-GET refused, out of resources, unable to calculate number of matches.</summary>
    public static readonly DimseStatus OutOfResourcesUnableToCalculateMatches = new(0xA701);

    /// <summary>Failure: C-MOVE/C-GET refused, out of resources, unable to perform sub-operations.</summary>
    public static readonly DimseStatus OutOfResourcesUnableToPerformSubOperations = new(0xA702);

    /// <summary>Failure: C-MOVE move destination unknown.</summary>
    public static readonly DimseStatus MoveDestinationUnknown = new(0xA801);

    /// <summary>Failure: data set does not match SOP class (C-STORE, C-FIND identifier).</summary>
    public static readonly DimseStatus DataSetDoesNotMatchSopClass = new(0xA900);

    /// <summary>Failure: cannot understand.</summary>
    public static readonly DimseStatus CannotUnderstand = new(0xC000);

    /// <summary>Failure: unable to process.</summary>
    public static readonly DimseStatus UnableToProcess = new(0xC001);

    /// <summary>Failure: SOP class not supported.</summary>
    public static readonly DimseStatus SopClassNotSupported = new(0x0122);

    /// <summary>Failure: no such action type (N-ACTION).</summary>
    public static readonly DimseStatus NoSuchActionType = new(0x0123);

    /// <summary>Failure: processing failure.</summary>
    public static readonly DimseStatus ProcessingFailure = new(0x0110);

    /// <summary>Failure: unrecognized operation.</summary>
    public static readonly DimseStatus UnrecognizedOperation = new(0x0211);

    /// <summary>Failure: duplicate invocation.</summary>
    public static readonly DimseStatus DuplicateInvocation = new(0x0210);

    /// <summary>Failure: invalid argument value.</summary>
    public static readonly DimseStatus InvalidArgumentValue = new(0x0115);

    /// <summary>The category of this code (PS3.7 C.1–C.5).</summary>
    public DimseStatusCategory Category => Code switch
    {
        0x0000 => DimseStatusCategory.Success,
        0xFE00 => DimseStatusCategory.Cancel,
        0xFF00 or 0xFF01 => DimseStatusCategory.Pending,
        0x0001 or 0x0107 or 0x0116 or (>= 0xB000 and <= 0xBFFF) => DimseStatusCategory.Warning,
        _ => DimseStatusCategory.Failure,
    };

    public bool IsSuccess => Category == DimseStatusCategory.Success;

    public bool IsPending => Category == DimseStatusCategory.Pending;

    /// <summary>True for codes that end an operation (everything but pending).</summary>
    public bool IsFinal => Category != DimseStatusCategory.Pending;

    public override string ToString() => $"0x{Code:X4} ({Category})";
}
