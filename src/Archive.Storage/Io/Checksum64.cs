using System.Buffers.Binary;
using Archive.Codec.Framing;

namespace Archive.Storage.Io;

/// <summary>
/// The 64-bit checksum used by storage headers and trailers (labels, record headers, record
/// trailers, cache entries). Delegates to the codec's <see cref="BlockFrame.WriteChecksum"/> with
/// <see cref="ChecksumAlgorithm.XxHash3_64"/> so that there is one checksum implementation.
/// </summary>
internal static class Checksum64
{
    public static ulong Compute(ReadOnlySpan<byte> data)
    {
        Span<byte> sum = stackalloc byte[8];
        BlockFrame.WriteChecksum(data, sum, ChecksumAlgorithm.XxHash3_64);
        return BinaryPrimitives.ReadUInt64LittleEndian(sum);
    }
}
