using System.Buffers;

namespace Archive.Bench.Codec;

/// <summary>Exposes native (already pinned, aligned) memory as <see cref="Memory{T}"/>; pinning is free.</summary>
internal sealed unsafe class NativeShard(byte* pointer, int length) : MemoryManager<byte>
{
    public override Span<byte> GetSpan() => new(pointer, length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
