using System.Buffers;
using System.Buffers.Binary;

namespace Archive.Dicom.Network.Pdu;

/// <summary>
/// A growable, pooled byte buffer for the rare, small association PDUs whose nested lengths are only known
/// after their content is written. Not thread-safe; dispose to return the buffer.
/// </summary>
internal sealed class PduBuilder : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1024);

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    public void WriteByte(byte value) => Take(1)[0] = value;

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Take(2), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Take(4), value);

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

    public void WriteZeros(int count) => Take(count).Clear();

    public void WriteAscii(string text)
    {
        var span = Take(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }
    }

    /// <summary>Writes a 16-bit length placeholder and returns its position for <see cref="EndLength16"/>.</summary>
    public int BeginLength16()
    {
        int at = Length;
        WriteUInt16(0);
        return at;
    }

    /// <summary>Patches the placeholder at <paramref name="at"/> with the bytes written since.</summary>
    public void EndLength16(int at)
    {
        int length = Length - at - 2;
        if (length > ushort.MaxValue)
        {
            throw new InvalidOperationException($"item of {length} bytes does not fit a 16-bit length");
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(at), (ushort)length);
    }

    /// <summary>Item header (type, reserved) plus a 16-bit length placeholder.</summary>
    public int BeginItem(ItemType type)
    {
        WriteByte((byte)type);
        WriteByte(0);
        return BeginLength16();
    }

    /// <summary>An item whose whole value is ASCII text (UIDs, names).</summary>
    public void WriteTextItem(ItemType type, string text)
    {
        int at = BeginItem(type);
        WriteAscii(text);
        EndLength16(at);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private Span<byte> Take(int count)
    {
        if (Length + count > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + count));
            _buffer.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
