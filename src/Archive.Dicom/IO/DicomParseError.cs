namespace Archive.Dicom.IO;

/// <summary>
/// Why a Part 10 stream was rejected. One enum for the codec; the network layer maps these to
/// C-STORE failure statuses in one table. Values are stable (they may be logged or persisted).
/// </summary>
public enum DicomParseError
{
    /// <summary>The input ended inside an element, item or sequence.</summary>
    Truncated = 1,

    /// <summary>An explicit-VR header carried two bytes that are not one of the 34 VRs.</summary>
    InvalidVR = 2,

    /// <summary>A value length exceeds <see cref="DicomReaderOptions.MaxElementLength"/>.</summary>
    ElementTooLong = 3,

    /// <summary>A length runs past the end of its enclosing item/sequence or of the input.</summary>
    LengthExceedsContainer = 4,

    /// <summary>Sequences nest deeper than <see cref="DicomReaderOptions.MaxDepth"/>.</summary>
    NestingTooDeep = 5,

    /// <summary>A sequence holds more items than <see cref="DicomReaderOptions.MaxItems"/>, or pixel data more fragments.</summary>
    TooManyItems = 6,

    /// <summary>An item or delimiter tag where an element was expected, or anything else where an item was expected.</summary>
    UnexpectedTag = 7,

    /// <summary>Undefined length on an element that cannot have one (only SQ, UN and encapsulated Pixel Data can).</summary>
    IllegalUndefinedLength = 8,

    /// <summary>The same tag twice in one dataset.</summary>
    DuplicateTag = 9,

    /// <summary>The File Meta Information is malformed or lacks the Transfer Syntax UID.</summary>
    InvalidFileMeta = 10,

    /// <summary>The transfer syntax is not one this codec reads (e.g. an unknown private one).</summary>
    UnsupportedTransferSyntax = 11,

    /// <summary>A deflated dataset could not be inflated.</summary>
    InvalidDeflateStream = 12,

    /// <summary>The input is neither Part 10 nor a recognisable raw dataset.</summary>
    NotDicom = 13,

    /// <summary>A fragment of encapsulated pixel data has an undefined length.</summary>
    InvalidFragment = 14,
}
