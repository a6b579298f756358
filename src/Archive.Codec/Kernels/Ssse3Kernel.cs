using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Archive.Codec.Kernels;

/// <summary>128-bit split-table kernel (PSHUFB), four outputs per pass; the loops are <see cref="SplitTableLoops{TVector, TLanes}"/>.</summary>
public sealed unsafe class Ssse3Kernel : GfKernel
{
    /// <inheritdoc/>
    public override KernelKind Kind => KernelKind.Ssse3;

    /// <inheritdoc/>
    public override bool IsSupported => Ssse3.IsSupported;

    /// <inheritdoc/>
    public override int VectorWidth => Lanes128.Width;

    /// <inheritdoc/>
    public override int MaxRowsPerPass => SplitTableLoops<Vector128<byte>, Lanes128>.MaxRowsPerPass;

    private protected override int TableBytesPerCoefficient => SplitTableLoops<Vector128<byte>, Lanes128>.TableBytesPerCoefficient;

    private protected override void ExpandCoefficient(byte c, Span<byte> destination) =>
        SplitTableLoops<Vector128<byte>, Lanes128>.ExpandCoefficient(c, destination);

    private protected override void RunGroup(int rows, int cols, byte* tables, byte** inputs, byte** outputs, int start, int end, bool streaming) =>
        SplitTableLoops<Vector128<byte>, Lanes128>.RunGroup(rows, cols, tables, inputs, outputs, start, end, streaming);
}
