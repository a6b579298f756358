namespace Archive.Cli;

/// <summary>Exit codes scripts can rely on. Stable: never renumber.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran but found a problem (verification failed, a peer refused, a status was not success).</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments or usage, or credentials (--cluster, --secret) the node refuses.</summary>
    public const int Usage = 2;

    /// <summary>An input file or dataset could not be read or parsed.</summary>
    public const int BadInput = 3;

    /// <summary>A peer or node could not be reached.</summary>
    public const int Unreachable = 4;
}
