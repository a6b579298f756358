using System.Buffers.Binary;
using System.IO.Hashing;
using Text = System.Text;
using Archive.Codec.Fixity;
using Archive.Grid.Objects;
using Archive.Grid.Repair;

namespace Archive.Index.Repair;

/// <summary>
/// Persisted form of a <see cref="RepairItem"/> in the <c>repair</c> column family, frozen by
/// golden tests.
/// <para>Key (bytewise order = repair order): <c>u16 BE surviving shards · object id (16, from the
/// name) · SHA-256 (32) · u32 BE part index + 1 · u64 BE XxHash3 of the value</c> — fewest
/// survivors first, then grouped by object; the hash keeps distinct items of one part apart.</para>
/// <para>Value v1: <c>magic "ARPQ" · u8 major 1 · u8 minor 0 · partition key (u16 LE + UTF-8) ·
/// object name (u16 + UTF-8) · SHA-256 (32) · i32 part · u16 shard count + u16 each · i32 surviving ·
/// u8 reason · node id (u16 + UTF-8, 0xFFFF for none)</c>.</para>
/// Pure and thread-safe.
/// </summary>
internal static class RepairItemCodec
{
    public const uint Magic = 0x51505241; // "ARPQ"
    public const byte Major = 1;
    public const byte Minor = 0;
    private const ushort NoNode = 0xFFFF;

    public static byte[] Key(RepairItem item, ReadOnlySpan<byte> value)
    {
        var key = new byte[2 + 16 + Sha256Digest.Length + 4 + 8];
        BinaryPrimitives.WriteUInt16BigEndian(key, (ushort)Math.Clamp(item.SurvivingShards, 0, ushort.MaxValue));
        ObjectIdentity.ObjectIdOf(item.ObjectName).Write(key.AsSpan(2));
        item.Sha256.Bytes.CopyTo(key.AsSpan(18));
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(50), unchecked((uint)(item.PartIndex + 1)));
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(54), XxHash3.HashToUInt64(value));
        return key;
    }

    public static byte[] Encode(RepairItem item)
    {
        using var stream = new MemoryStream(128);
        using (var writer = new BinaryWriter(stream, Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Major);
            writer.Write(Minor);
            WriteText(writer, item.PartitionKey);
            WriteText(writer, item.ObjectName);
            writer.Write(item.Sha256.Bytes);
            writer.Write(item.PartIndex);
            writer.Write(checked((ushort)item.ShardIndices.Count));
            foreach (var shard in item.ShardIndices)
            {
                writer.Write(checked((ushort)shard));
            }

            writer.Write(item.SurvivingShards);
            writer.Write(checked((byte)item.Reason));
            if (item.NodeId is null)
            {
                writer.Write(NoNode);
            }
            else
            {
                WriteText(writer, item.NodeId);
            }
        }

        return stream.ToArray();
    }

    /// <exception cref="InvalidDataException">The value is not a v1 repair item.</exception>
    public static RepairItem Decode(byte[] value)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(value, writable: false), Text.Encoding.UTF8);
            if (reader.ReadUInt32() != Magic || reader.ReadByte() != Major)
            {
                throw new InvalidDataException("not a v1 repair queue item");
            }

            reader.ReadByte();
            var partition = ReadText(reader);
            var name = ReadText(reader);
            var sha = new Sha256Digest(reader.ReadBytes(Sha256Digest.Length));
            var part = reader.ReadInt32();
            var shards = new int[reader.ReadUInt16()];
            for (var i = 0; i < shards.Length; i++)
            {
                shards[i] = reader.ReadUInt16();
            }

            var surviving = reader.ReadInt32();
            var reason = (RepairReason)reader.ReadByte();
            var nodeLength = reader.ReadUInt16();
            var node = nodeLength == NoNode ? null : Text.Encoding.UTF8.GetString(reader.ReadBytes(nodeLength));
            return new RepairItem(partition ?? string.Empty, name ?? string.Empty, sha, part, shards, surviving, reason, node);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("truncated repair queue item", e);
        }
    }

    private static void WriteText(BinaryWriter writer, string text)
    {
        var bytes = Text.Encoding.UTF8.GetBytes(text);
        writer.Write(checked((ushort)bytes.Length));
        writer.Write(bytes);
    }

    private static string ReadText(BinaryReader reader)
    {
        var length = reader.ReadUInt16();
        var bytes = reader.ReadBytes(length);
        return bytes.Length == length ? Text.Encoding.UTF8.GetString(bytes) : throw new EndOfStreamException();
    }
}
