using System.Buffers.Binary;
using Archive.Storage.Io;
using Archive.Storage.Primitives;

namespace Archive.Storage.Segments;

/// <summary>
/// First 64 bytes of every segment file (format v1.0, frozen by golden tests):
/// <code>
///  0  8 magic "ASEGMENT"   8 1 major (1)   9 1 minor (0)   10 6 reserved (0)
/// 16 16 disk id (Guid)    32 8 segment id (uint64)   40 8 created, Unix ms   48 8 reserved (0)
/// 56  8 XXH3-64 of bytes [0, 56)
/// </code>
/// Records follow from offset 64. The disk id guards against a segment copied onto another disk.
/// </summary>
public readonly record struct SegmentHeader(DiskId DiskId, ulong SegmentId, DateTimeOffset CreatedAt)
{
    /// <summary>Header length; the first record starts here.</summary>
    public const int Length = 64;

    /// <summary>Major version written and read.</summary>
    public const byte Major = 1;

    /// <summary>Minor version written.</summary>
    public const byte Minor = 0;

    /// <summary>Encodes the header.</summary>
    public byte[] Encode()
    {
        var d = new byte[Length];
        "ASEGMENT"u8.CopyTo(d);
        d[8] = Major;
        d[9] = Minor;
        DiskId.Value.TryWriteBytes(d.AsSpan(16));
        BinaryPrimitives.WriteUInt64LittleEndian(d.AsSpan(32), SegmentId);
        BinaryPrimitives.WriteInt64LittleEndian(d.AsSpan(40), CreatedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt64LittleEndian(d.AsSpan(56), Checksum64.Compute(d.AsSpan(0, 56)));
        return d;
    }

    /// <summary>
    /// The format version of a header whose magic and checksum are right, whatever its major; null for bytes that are
    /// no segment header at all (damage). A header of another major is a segment another build wrote, not damage.
    /// </summary>
    public static (byte Major, byte Minor)? FormatOf(ReadOnlySpan<byte> source) =>
        source.Length >= Length && source[..8].SequenceEqual("ASEGMENT"u8)
            && BinaryPrimitives.ReadUInt64LittleEndian(source[56..]) == Checksum64.Compute(source[..56])
            ? (source[8], source[9])
            : null;

    /// <summary>
    /// The first segment under <paramref name="diskRoot"/> whose header is of a format major this build does not read
    /// (a newer build wrote it), with its version; null when there is none. Reads 64 bytes per segment file.
    /// </summary>
    public static (string Path, byte Major, byte Minor)? FindUnreadable(string diskRoot)
    {
        var directory = Layout.StoragePaths.SegmentDirectory(diskRoot);
        if (!Directory.Exists(directory))
        {
            return null;
        }

        Span<byte> head = stackalloc byte[Length];
        foreach (var path in Directory.EnumerateFiles(directory).Where(f => Layout.StoragePaths.TryParseSegmentFileName(f, out _)).Order(StringComparer.Ordinal))
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (RandomAccess.Read(handle, head, 0) == Length && FormatOf(head) is { } format && format.Major != Major)
            {
                return (path, format.Major, format.Minor);
            }
        }

        return null;
    }

    /// <summary>Decodes a header; false when the bytes are not a valid v1 segment header.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> source, out SegmentHeader header)
    {
        header = default;
        if (source.Length < Length || !source[..8].SequenceEqual("ASEGMENT"u8) || source[8] != Major
            || BinaryPrimitives.ReadUInt64LittleEndian(source[56..]) != Checksum64.Compute(source[..56]))
        {
            return false;
        }

        header = new SegmentHeader(
            new DiskId(new Guid(source.Slice(16, 16))),
            BinaryPrimitives.ReadUInt64LittleEndian(source[32..]),
            DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(source[40..])));
        return true;
    }
}
