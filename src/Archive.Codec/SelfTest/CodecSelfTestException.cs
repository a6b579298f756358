namespace Archive.Codec.SelfTest;

/// <summary>
/// The codec computed a wrong answer on this machine: the host must refuse to start, since every byte
/// it would store could be unrecoverable.
/// </summary>
public sealed class CodecSelfTestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CodecSelfTestException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CodecSelfTestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public CodecSelfTestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
