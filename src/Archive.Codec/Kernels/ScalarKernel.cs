using Archive.Codec.Galois;

namespace Archive.Codec.Kernels;

/// <summary>The portable reference: one 256-entry product row per coefficient, byte at a time.</summary>
public sealed unsafe class ScalarKernel : GfKernel
{
    /// <inheritdoc/>
    public override KernelKind Kind => KernelKind.Scalar;

    /// <inheritdoc/>
    public override bool IsSupported => true;

    /// <inheritdoc/>
    public override int VectorWidth => 1;

    /// <inheritdoc/>
    public override int MaxRowsPerPass => 1;

    private protected override int TableBytesPerCoefficient => 0;

    /// <summary>The reference computation over [start, end), used for tails of the vector kernels too.</summary>
    internal static void MultiplyRange(byte[] coefficients, int rows, int cols, byte** inputs, byte** outputs, int start, int end)
    {
        for (int r = 0; r < rows; r++)
        {
            byte* output = outputs[r];
            new Span<byte>(output + start, end - start).Clear();
            for (int c = 0; c < cols; c++)
            {
                ReadOnlySpan<byte> products = GF256.MulRow(coefficients[(r * cols) + c]);
                byte* input = inputs[c];
                for (int i = start; i < end; i++)
                {
                    output[i] ^= products[input[i]];
                }
            }
        }
    }

    private protected override void ExpandCoefficient(byte c, Span<byte> destination)
    {
    }

    private protected override void RunGroup(int rows, int cols, byte* tables, byte** inputs, byte** outputs, int start, int end, bool streaming) =>
        throw new InvalidOperationException("The scalar kernel has no vector groups.");
}
