namespace Archive.Storage.Io;

/// <summary>Classifies I/O exceptions into what the engine does about them.</summary>
public static class IoErrors
{
    private const int Enospc = 28;
    private const int Edquot = 122;
    private const int WindowsDiskFull = unchecked((int)0x80070070);

    /// <summary>True when <paramref name="exception"/> means "no space left" (ENOSPC/EDQUOT).</summary>
    public static bool IsDiskFull(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is IOException io && (io.HResult is Enospc or Edquot or WindowsDiskFull
                || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for exceptions that a failing or vanished disk produces.</summary>
    public static bool IsDiskFault(Exception exception) =>
        exception is IOException or UnauthorizedAccessException;
}
