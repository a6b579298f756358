namespace Archive.Codec.Framing;

/// <summary>Outcome of reading or verifying a block frame. Values are stable (they may be logged or counted).</summary>
public enum BlockFrameStatus
{
    /// <summary>The frame is well formed and its checksum matches.</summary>
    Valid = 0,

    /// <summary>The buffer ends before the header or before the end of the frame (e.g. a torn tail).</summary>
    Truncated = 1,

    /// <summary>The first four bytes are not the block magic.</summary>
    BadMagic = 2,

    /// <summary>The major version is not one this code reads.</summary>
    UnsupportedVersion = 3,

    /// <summary>The checksum algorithm id is unknown.</summary>
    UnknownAlgorithm = 4,

    /// <summary>The payload length exceeds the caller's limit, or reserved bits are set.</summary>
    MalformedHeader = 5,

    /// <summary>Header and length are plausible but the checksum does not match: corruption.</summary>
    ChecksumMismatch = 6,
}
