using System.Runtime.InteropServices;
using Archive.Codec.Kernels;

namespace Archive.Codec.Tests.Kernels;

/// <summary>
/// The streaming path (non-temporal stores, prefetch) taken when the outputs outgrow L2: it must give the
/// scalar reference's bytes whatever the alignment of inputs and outputs, the tail and the row grouping.
/// </summary>
public sealed unsafe class StreamingStoreTests
{
    private const int Cols = 5;

    /// <summary>Every vector kernel this CPU runs (the small-shape tests use them too).</summary>
    public static TheoryData<KernelKind> VectorKinds()
    {
        var data = new TheoryData<KernelKind>();
        foreach (GfKernel kernel in GfKernels.Supported.Where(k => k.VectorWidth > 1))
        {
            data.Add(kernel.Kind);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VectorKinds))]
    public void Multiply_LargeOutputsSharingAnAlignment_StreamsAndMatchesScalar(KernelKind kind)
    {
        // Output offsets shared by all rows: aligned, and misaligned by a head the cached path must fill.
        foreach (int outputOffset in new[] { 0, 1, 16, 63 })
        {
            int rows = 7; // more than one pass for every kernel
            int length = LengthFor(rows) + 3; // ragged tail
            using var buffers = new OffsetBuffers(length, Enumerable.Repeat(5, Cols).ToArray(), Enumerable.Repeat(outputOffset, rows).ToArray());
            GfKernel kernel = GfKernels.Get(kind);
            int head = kernel.StreamingHead(buffers.Outputs, rows, length);
            Assert.Equal((kernel.VectorWidth - (outputOffset % kernel.VectorWidth)) % kernel.VectorWidth, head);
            AssertMatchesScalar(kernel, buffers, rows, length);
        }
    }

    [Theory]
    [MemberData(nameof(VectorKinds))]
    public void Multiply_LargeOutputsMisalignedDifferently_StaysCachedAndMatchesScalar(KernelKind kind)
    {
        int rows = 4;
        int length = LengthFor(rows) + 17;
        using var buffers = new OffsetBuffers(length, Enumerable.Repeat(0, Cols).ToArray(), [0, 1, 2, 3]);
        GfKernel kernel = GfKernels.Get(kind);
        Assert.Equal(-1, kernel.StreamingHead(buffers.Outputs, rows, length));
        AssertMatchesScalar(kernel, buffers, rows, length);
    }

    [Theory]
    [MemberData(nameof(VectorKinds))]
    public void StreamingHead_OutputsSmallerThanThreshold_StaysCached(KernelKind kind)
    {
        int rows = 4;
        int length = (int)(GfKernel.StreamingThresholdBytes / rows) - 1;
        using var buffers = new OffsetBuffers(64, Enumerable.Repeat(0, Cols).ToArray(), [0, 0, 0, 0]);
        Assert.Equal(-1, GfKernels.Get(kind).StreamingHead(buffers.Outputs, rows, length));
        Assert.Equal(0, GfKernels.Get(kind).StreamingHead(buffers.Outputs, rows, length + 1));
    }

    private static int LengthFor(int rows) => (int)(GfKernel.StreamingThresholdBytes / rows) + 1;

    private static void AssertMatchesScalar(GfKernel kernel, OffsetBuffers buffers, int rows, int length)
    {
        byte[] coefficients = TestData.Random(rows * Cols, 99);
        coefficients[0] = 0;
        coefficients[1] = 1;
        GfKernel scalar = GfKernels.Get(KernelKind.Scalar);
        scalar.Multiply(scalar.Prepare(coefficients, rows, Cols), buffers.Inputs, buffers.Outputs, length);
        byte[][] expected = Enumerable.Range(0, rows).Select(r => new ReadOnlySpan<byte>(buffers.Outputs[r], length).ToArray()).ToArray();
        buffers.PoisonOutputs();
        kernel.Multiply(kernel.Prepare(coefficients, rows, Cols), buffers.Inputs, buffers.Outputs, length);
        for (int r = 0; r < rows; r++)
        {
            Assert.True(expected[r].AsSpan().SequenceEqual(new ReadOnlySpan<byte>(buffers.Outputs[r], length)), $"{kernel.Kind} row {r} length {length}");
        }
    }
}
