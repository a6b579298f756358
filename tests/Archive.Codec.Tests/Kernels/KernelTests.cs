using Archive.Codec.Kernels;

namespace Archive.Codec.Tests.Kernels;

public sealed unsafe class KernelTests
{
    private static readonly int[] Lengths = [0, 1, 2, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 129, 200, 1000, 4095, 4096, 70_001];

    public static TheoryData<KernelKind> SupportedKinds()
    {
        var data = new TheoryData<KernelKind>();
        foreach (GfKernel kernel in GfKernels.Supported)
        {
            data.Add(kernel.Kind);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SupportedKinds))]
    public void Multiply_RandomShapesAndLengths_MatchesScalar(KernelKind kind)
    {
        GfKernel kernel = GfKernels.Get(kind);
        GfKernel scalar = GfKernels.Get(KernelKind.Scalar);
        var random = new Random(17 + (int)kind);
        for (int trial = 0; trial < 60; trial++)
        {
            int rows = random.Next(1, 10);
            int cols = random.Next(1, 21);
            int length = trial < Lengths.Length ? Lengths[trial] : random.Next(0, 3000);
            byte[] coefficients = TestData.Random(rows * cols, trial);
            if (trial % 7 == 0)
            {
                coefficients.AsSpan(0, Math.Min(3, coefficients.Length)).Fill((byte)(trial % 2)); // 0 and 1 coefficients
            }

            byte[][] inputs = Enumerable.Range(0, cols).Select(c => TestData.Random(length, (trial * 100) + c)).ToArray();
            byte[][] expected = Run(scalar, coefficients, rows, cols, inputs, length);
            byte[][] actual = Run(kernel, coefficients, rows, cols, inputs, length);
            for (int r = 0; r < rows; r++)
            {
                Assert.True(expected[r].AsSpan().SequenceEqual(actual[r]), $"{kind} rows={rows} cols={cols} length={length} row={r}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(SupportedKinds))]
    public void Multiply_RandomShapesOnBuffersMisalignedApart_MatchesScalar(KernelKind kind)
    {
        // Callers other than the grid pass spans at any offset: every input and output at its own distance
        // from a 64-byte boundary, through every loop (resident, one and several passes, ragged tails).
        GfKernel kernel = GfKernels.Get(kind);
        GfKernel scalar = GfKernels.Get(KernelKind.Scalar);
        var random = new Random(41 + (int)kind);
        for (int trial = 0; trial < 40; trial++)
        {
            int rows = random.Next(1, 10);
            int cols = random.Next(1, 21);
            int length = random.Next(1, 5000);
            int[] inputOffsets = Enumerable.Range(0, cols).Select(_ => random.Next(64)).ToArray();
            int[] outputOffsets = Enumerable.Range(0, rows).Select(_ => random.Next(64)).ToArray();
            byte[] coefficients = TestData.Random(rows * cols, 1000 + trial);
            using var buffers = new OffsetBuffers(length, inputOffsets, outputOffsets, seed: trial);
            scalar.Multiply(scalar.Prepare(coefficients, rows, cols), buffers.Inputs, buffers.Outputs, length);
            byte[][] expected = Enumerable.Range(0, rows).Select(buffers.Output).ToArray();
            buffers.PoisonOutputs();
            kernel.Multiply(kernel.Prepare(coefficients, rows, cols), buffers.Inputs, buffers.Outputs, length);
            for (int r = 0; r < rows; r++)
            {
                Assert.True(expected[r].AsSpan().SequenceEqual(buffers.Output(r)), $"{kind} rows={rows} cols={cols} length={length} row={r}");
            }
        }
    }

    [Fact]
    public void Best_OnThisCpu_IsSupported()
    {
        Assert.True(GfKernels.Best.IsSupported);
        Assert.Contains(GfKernels.Best, GfKernels.Supported);
    }

    [Fact]
    public void Get_UnsupportedOrUnknown_Throws()
    {
        foreach (GfKernel kernel in GfKernels.Known.Where(k => !k.IsSupported))
        {
            Assert.Throws<NotSupportedException>(() => GfKernels.Get(kernel.Kind));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => GfKernels.Get((KernelKind)99));
    }

    internal static byte[][] Run(GfKernel kernel, byte[] coefficients, int rows, int cols, byte[][] inputs, int length)
    {
        PreparedMatrix matrix = kernel.Prepare(coefficients, rows, cols);
        byte[][] outputs = Enumerable.Range(0, rows).Select(_ => GC.AllocateArray<byte>(length, pinned: true)).ToArray();
        byte[][] pinnedInputs = inputs.Select(i => { byte[] p = GC.AllocateArray<byte>(length, pinned: true); i.CopyTo(p, 0); return p; }).ToArray();
        byte** ip = stackalloc byte*[cols];
        byte** op = stackalloc byte*[rows];
        for (int c = 0; c < cols; c++)
        {
            ip[c] = (byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(pinnedInputs[c]));
        }

        for (int r = 0; r < rows; r++)
        {
            // Poison outputs: kernels overwrite, never accumulate.
            outputs[r].AsSpan().Fill(0xA5);
            op[r] = (byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(outputs[r]));
        }

        kernel.Multiply(matrix, ip, op, length);
        GC.KeepAlive(pinnedInputs); // pinned-heap arrays are not kept alive by their raw pointers
        return outputs;
    }
}
