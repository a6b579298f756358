namespace Archive.Storage.Records;

/// <summary>Outcome of parsing or verifying a record. Values are stable (logged and counted).</summary>
public enum RecordStatus
{
    /// <summary>Well formed and (when verified) every checksum matches.</summary>
    Valid = 0,

    /// <summary>The bytes end before the record does: a torn tail.</summary>
    Truncated = 1,

    /// <summary>No record magic where a record should start.</summary>
    BadMagic = 2,

    /// <summary>A major version this build does not read.</summary>
    UnsupportedVersion = 3,

    /// <summary>Header checksum mismatch or impossible field values.</summary>
    CorruptHeader = 4,

    /// <summary>A block frame is malformed or its checksum does not match.</summary>
    CorruptBlock = 5,

    /// <summary>The manifest is malformed.</summary>
    CorruptManifest = 6,

    /// <summary>The trailer checksum does not match the record bytes.</summary>
    CorruptTrailer = 7,
}
