using System.Buffers.Binary;
using System.Globalization;

namespace Archive.Storage.Primitives;

/// <summary>
/// 128-bit identity of an archived object, chosen by the caller (the grid derives it from the SOP
/// Instance UID). Persisted as 16 big-endian bytes so that index keys sort by id. Immutable.
/// </summary>
public readonly record struct ObjectId(ulong High, ulong Low) : IComparable<ObjectId>
{
    /// <summary>Encoded length in bytes.</summary>
    public const int Size = 16;

    /// <summary>Reads 16 big-endian bytes.</summary>
    public static ObjectId Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(source), BinaryPrimitives.ReadUInt64BigEndian(source[8..]));

    /// <summary>Writes 16 big-endian bytes.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    /// <summary>Parses the 32-hex-digit form produced by <see cref="ToString"/>.</summary>
    public static ObjectId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != 32)
        {
            throw new FormatException("An object id is 32 hexadecimal digits.");
        }

        return new ObjectId(
            ulong.Parse(text.AsSpan(0, 16), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            ulong.Parse(text.AsSpan(16, 16), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public int CompareTo(ObjectId other)
    {
        int c = High.CompareTo(other.High);
        return c != 0 ? c : Low.CompareTo(other.Low);
    }

    /// <summary>32 lowercase hexadecimal digits.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{High:x16}{Low:x16}");
}
