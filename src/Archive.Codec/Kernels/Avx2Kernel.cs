using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Archive.Codec.Kernels;

/// <summary>256-bit split-table kernel (VPSHUFB; tables repeated per 128-bit lane), four outputs per pass; the loops are <see cref="SplitTableLoops{TVector, TLanes}"/>.</summary>
public sealed unsafe class Avx2Kernel : GfKernel
{
    /// <inheritdoc/>
    public override KernelKind Kind => KernelKind.Avx2;

    /// <inheritdoc/>
    public override bool IsSupported => Avx2.IsSupported;

    /// <inheritdoc/>
    public override int VectorWidth => Lanes256.Width;

    /// <inheritdoc/>
    public override int MaxRowsPerPass => SplitTableLoops<Vector256<byte>, Lanes256>.MaxRowsPerPass;

    private protected override int TableBytesPerCoefficient => SplitTableLoops<Vector256<byte>, Lanes256>.TableBytesPerCoefficient;

    private protected override void ExpandCoefficient(byte c, Span<byte> destination) =>
        SplitTableLoops<Vector256<byte>, Lanes256>.ExpandCoefficient(c, destination);

    private protected override void RunGroup(int rows, int cols, byte* tables, byte** inputs, byte** outputs, int start, int end, bool streaming) =>
        SplitTableLoops<Vector256<byte>, Lanes256>.RunGroup(rows, cols, tables, inputs, outputs, start, end, streaming);
}
