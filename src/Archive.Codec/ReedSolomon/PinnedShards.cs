using System.Buffers;
using System.Runtime.CompilerServices;

namespace Archive.Codec.ReedSolomon;

/// <summary>Stack storage for the pins of up to 255 shard buffers during one call (no heap allocation).</summary>
[InlineArray(ReedSolomonCodec.MaxTotalShards)]
internal struct PinnedShards
{
    private MemoryHandle _first;

    public void DisposeFirst(int count)
    {
        for (int i = 0; i < count; i++)
        {
            this[i].Dispose();
        }
    }
}
