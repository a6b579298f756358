using Archive.Codec.Kernels;

namespace Archive.Codec.Tests.Kernels;

/// <summary>
/// Small matrices (RS(4,2)-sized and just beyond) take their own register-resident loops on GFNI-512; every
/// kernel must match the scalar reference on them whatever the alignment of each buffer, since callers other
/// than the grid pass spans at any offset.
/// </summary>
public sealed unsafe class SmallShapeKernelTests
{
    private static readonly int[] Lengths = [63, 64, 65, 127, 128, 129, 191, 192, 320, 4096 + 13, 65_536];

    [Theory]
    [MemberData(nameof(StreamingStoreTests.VectorKinds), MemberType = typeof(StreamingStoreTests))]
    public void Multiply_SmallShapesOnBuffersMisalignedApart_MatchesScalar(KernelKind kind)
    {
        GfKernel kernel = GfKernels.Get(kind);
        int trial = 0;
        for (int rows = 1; rows <= 3; rows++)
        {
            for (int cols = 1; cols <= 5; cols++)
            {
                foreach (int length in Lengths)
                {
                    trial++;
                    // Every buffer at a different distance from a 64-byte boundary (and some on one).
                    int[] inputOffsets = Enumerable.Range(0, cols).Select(c => ((trial * 7) + (c * 13)) % 64).ToArray();
                    int[] outputOffsets = Enumerable.Range(0, rows).Select(r => ((trial * 11) + (r * 29)) % 64).ToArray();
                    byte[] coefficients = TestData.Random(rows * cols, trial);
                    if (trial % 5 == 0)
                    {
                        coefficients[0] = 0;
                        coefficients[^1] = 1;
                    }

                    AssertMatchesScalar(kernel, coefficients, rows, cols, length, inputOffsets, outputOffsets);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(StreamingStoreTests.VectorKinds), MemberType = typeof(StreamingStoreTests))]
    public void Multiply_SmallShapeWithOutputsBeyondL2_StreamsAndMatchesScalar(KernelKind kind)
    {
        // RS(4,2) parity of 1 MiB + a ragged tail per shard: 2 MiB of outputs, so the streaming path engages
        // when both outputs share an offset, including a head the cached path fills first.
        GfKernel kernel = GfKernels.Get(kind);
        int length = (int)(GfKernel.StreamingThresholdBytes / 2) + 37;
        foreach (int outputOffset in new[] { 0, 9, 32 })
        {
            using var buffers = new OffsetBuffers(length, [3, 0, 61, 17], [outputOffset, outputOffset], seed: outputOffset);
            int expectedHead = (kernel.VectorWidth - (outputOffset % kernel.VectorWidth)) % kernel.VectorWidth;
            Assert.Equal(expectedHead, kernel.StreamingHead(buffers.Outputs, 2, length));
            AssertMatchesScalar(kernel, TestData.Random(8, outputOffset), 2, 4, buffers, length);
        }
    }

    private static void AssertMatchesScalar(GfKernel kernel, byte[] coefficients, int rows, int cols, int length, int[] inputOffsets, int[] outputOffsets)
    {
        using var buffers = new OffsetBuffers(length, inputOffsets, outputOffsets, seed: length + rows + cols);
        AssertMatchesScalar(kernel, coefficients, rows, cols, buffers, length);
    }

    private static void AssertMatchesScalar(GfKernel kernel, byte[] coefficients, int rows, int cols, OffsetBuffers buffers, int length)
    {
        GfKernel scalar = GfKernels.Get(KernelKind.Scalar);
        scalar.Multiply(scalar.Prepare(coefficients, rows, cols), buffers.Inputs, buffers.Outputs, length);
        byte[][] expected = Enumerable.Range(0, rows).Select(buffers.Output).ToArray();
        buffers.PoisonOutputs();
        kernel.Multiply(kernel.Prepare(coefficients, rows, cols), buffers.Inputs, buffers.Outputs, length);
        for (int r = 0; r < rows; r++)
        {
            Assert.True(expected[r].AsSpan().SequenceEqual(buffers.Output(r)), $"{kernel.Kind} rows={rows} cols={cols} length={length} row={r}");
        }
    }
}
