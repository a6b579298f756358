namespace Archive.Index.Schema;

/// <summary>The index on disk has a schema this build cannot use (newer, or unknown without an upgrade step).</summary>
public sealed class IndexSchemaException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IndexSchemaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public IndexSchemaException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public IndexSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
