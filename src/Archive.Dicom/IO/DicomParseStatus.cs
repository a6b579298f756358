namespace Archive.Dicom.IO;

/// <summary>What an incremental parse step ended with. Expected outcomes are values; bad input throws.</summary>
public enum DicomParseStatus
{
    /// <summary>Everything buffered was consumed up to an incomplete header or value; call again with more bytes.</summary>
    NeedMoreData,

    /// <summary>The dataset ended (end of input at an element boundary).</summary>
    Completed,

    /// <summary>Parsing stopped before the configured stop tag; nothing of it was consumed.</summary>
    Stopped,
}
