namespace Archive.Storage;

/// <summary>
/// Persisted bytes are not what was written (bad magic, checksum mismatch, impossible length).
/// Thrown only where a value outcome would be meaningless (e.g. a label or index record parser);
/// shard reads report corruption as a status instead.
/// </summary>
public sealed class StorageCorruptionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageCorruptionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StorageCorruptionException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public StorageCorruptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
