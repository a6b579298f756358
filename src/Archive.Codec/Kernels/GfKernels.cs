namespace Archive.Codec.Kernels;

/// <summary>
/// The kernel instances (stateless, immutable) and run-time selection. Selection is a pure function
/// of the CPU; callers that need a specific path (tests, benchmarks, an operator override) ask for it.
/// </summary>
public static class GfKernels
{
    private static readonly GfKernel[] All =
    [
        new ScalarKernel(),
        new Ssse3Kernel(),
        new Avx2Kernel(),
        new GfniV256Kernel(),
        new GfniV512Kernel(),
    ];

    /// <summary>Every kernel this build has, supported or not, in <see cref="KernelKind"/> order.</summary>
    public static IReadOnlyList<GfKernel> Known => All;

    /// <summary>The kernels the current CPU supports, slowest first.</summary>
    public static IEnumerable<GfKernel> Supported => All.Where(k => k.IsSupported);

    /// <summary>The fastest supported kernel: GFNI-512, GFNI-256, AVX2, SSSE3, then scalar.</summary>
    public static GfKernel Best => Supported.Last();

    /// <summary>The kernel of the given kind.</summary>
    /// <exception cref="NotSupportedException">The CPU cannot run it.</exception>
    public static GfKernel Get(KernelKind kind)
    {
        if ((uint)kind >= (uint)All.Length)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(kind), "Unknown kernel kind.");
        }

        GfKernel kernel = All[(int)kind];
        if (!kernel.IsSupported)
        {
            ThrowHelper.NotSupported($"Kernel {kind} is not supported on this CPU.");
        }

        return kernel;
    }
}
