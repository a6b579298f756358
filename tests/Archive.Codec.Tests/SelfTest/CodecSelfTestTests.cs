using Archive.Codec.Kernels;
using Archive.Codec.SelfTest;

namespace Archive.Codec.Tests.SelfTest;

public sealed class CodecSelfTestTests
{
    [Fact]
    public void Run_OnThisCpu_VerifiesEverySupportedKernel()
    {
        IReadOnlyList<KernelKind> verified = CodecSelfTest.Run();
        Assert.Equal(GfKernels.Supported.Select(k => k.Kind), verified);
        Assert.Contains(KernelKind.Scalar, verified);
    }

    [Fact]
    public void Run_WrongKernel_ThrowsAndRefusesToStart()
    {
        var broken = new BrokenKernel();
        Assert.Throws<CodecSelfTestException>(() => CodecSelfTest.Run([broken]));
    }

    /// <summary>A vector kernel whose vector part forgets to write its outputs.</summary>
    private sealed class BrokenKernel : GfKernel
    {
        public override KernelKind Kind => KernelKind.Ssse3;

        public override bool IsSupported => true;

        public override int VectorWidth => 16;

        public override int MaxRowsPerPass => 1;

        private protected override int TableBytesPerCoefficient => 0;

        private protected override void ExpandCoefficient(byte c, Span<byte> destination)
        {
        }

        private protected override unsafe void RunGroup(int rows, int cols, byte* tables, byte** inputs, byte** outputs, int start, int end, bool streaming)
        {
        }
    }
}
