using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Archive.Dicom.IO;

/// <summary>Byte-order reversal of binary values in place, in units of 2, 4 or 8 bytes.</summary>
public static class DicomByteSwap
{
    /// <summary>Reverses every <paramref name="unit"/>-byte group of <paramref name="bytes"/>; a trailing partial group is left alone.</summary>
    public static void SwapInPlace(Span<byte> bytes, int unit)
    {
        switch (unit)
        {
            case 2:
                var u16 = MemoryMarshal.Cast<byte, ushort>(bytes);
                BinaryPrimitives.ReverseEndianness(u16, u16);
                break;
            case 4:
                var u32 = MemoryMarshal.Cast<byte, uint>(bytes);
                BinaryPrimitives.ReverseEndianness(u32, u32);
                break;
            case 8:
                var u64 = MemoryMarshal.Cast<byte, ulong>(bytes);
                BinaryPrimitives.ReverseEndianness(u64, u64);
                break;
        }
    }
}
