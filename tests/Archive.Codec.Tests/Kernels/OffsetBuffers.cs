using System.Runtime.InteropServices;

namespace Archive.Codec.Tests.Kernels;

/// <summary>
/// Kernel inputs and outputs in native memory, each at its own chosen offset from a 64-byte boundary, so tests
/// can pin down how a kernel treats alignment. Inputs hold deterministic random bytes; outputs are poisoned.
/// </summary>
internal sealed unsafe class OffsetBuffers : IDisposable
{
    private readonly List<nint> _blocks = [];
    private readonly int _rows;
    private readonly int _length;

    public OffsetBuffers(int length, int[] inputOffsets, int[] outputOffsets, int seed = 0)
    {
        _rows = outputOffsets.Length;
        _length = length;
        Inputs = (byte**)NativeMemory.Alloc((nuint)(inputOffsets.Length * sizeof(byte*)));
        Outputs = (byte**)NativeMemory.Alloc((nuint)(_rows * sizeof(byte*)));
        for (int c = 0; c < inputOffsets.Length; c++)
        {
            Inputs[c] = Block(length, inputOffsets[c]);
            TestData.Random(length, seed + c).CopyTo(new Span<byte>(Inputs[c], length));
        }

        for (int r = 0; r < _rows; r++)
        {
            Outputs[r] = Block(length, outputOffsets[r]);
        }

        PoisonOutputs();
    }

    public byte** Inputs { get; }

    public byte** Outputs { get; }

    /// <summary>Fills every output with a pattern a kernel that accumulates instead of overwriting would keep.</summary>
    public void PoisonOutputs()
    {
        for (int r = 0; r < _rows; r++)
        {
            new Span<byte>(Outputs[r], _length).Fill(0xA5);
        }
    }

    public byte[] Output(int row) => new ReadOnlySpan<byte>(Outputs[row], _length).ToArray();

    public void Dispose()
    {
        foreach (nint block in _blocks)
        {
            NativeMemory.AlignedFree((void*)block);
        }

        NativeMemory.Free(Inputs);
        NativeMemory.Free(Outputs);
    }

    private byte* Block(int length, int offset)
    {
        byte* block = (byte*)NativeMemory.AlignedAlloc((nuint)(length + 64), 64);
        _blocks.Add((nint)block);
        return block + offset;
    }
}
