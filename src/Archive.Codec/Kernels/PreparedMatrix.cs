namespace Archive.Codec.Kernels;

/// <summary>
/// A coefficient matrix expanded into one kernel's table format. Immutable after construction and
/// safe to share between threads; the tables live on the pinned heap so kernels address them directly.
/// </summary>
public sealed class PreparedMatrix
{
    internal PreparedMatrix(GfKernel kernel, byte[] coefficients, int rows, int cols, byte[] tables)
    {
        Kernel = kernel;
        Coefficients = coefficients;
        Rows = rows;
        Cols = cols;
        Tables = tables;
    }

    /// <summary>The kernel whose format <see cref="Tables"/> is in.</summary>
    public GfKernel Kernel { get; }

    /// <summary>Number of output rows.</summary>
    public int Rows { get; }

    /// <summary>Number of inputs.</summary>
    public int Cols { get; }

    /// <summary>Row-major coefficients (Rows×Cols).</summary>
    internal byte[] Coefficients { get; }

    /// <summary>Kernel-specific expansion, allocated pinned.</summary>
    internal byte[] Tables { get; }
}
