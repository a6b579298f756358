using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Archive.Storage.Audit;

/// <summary>
/// An audit event as kept on disk: one JSON line, numbered (<see cref="Seq"/>, from 1 on each node, no gaps) and chained
/// (<see cref="Prev"/>: the SHA-256 of the previous line's bytes), so a line changed, removed or inserted afterwards
/// breaks the chain at that point (<see cref="AuditLogReader.CheckChain"/>).
/// </summary>
/// <remarks>
/// Format 1, frozen by its golden tests (the chain hashes these exact bytes): fields may be added at the end, optional
/// (old lines read without them), never renamed or reordered. An incompatible format would be written to files of
/// another name (<c>audit-v2-YYYY-MM-DD.jsonl</c>), which this version neither reads nor counts as its own.
/// </remarks>
public sealed record AuditRecord(
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("study")] string? Study,
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("prev")] string Prev,
    [property: JsonPropertyName("from")] string? From = null)
{
    /// <summary>The chain's start: what the first record's <see cref="Prev"/> holds.</summary>
    public static readonly string Genesis = new('0', 64);

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The line's bytes, without the newline.</summary>
    public byte[] ToLine() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>The record on <paramref name="line"/>, or null when it is not one.</summary>
    public static AuditRecord? Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            return JsonSerializer.Deserialize<AuditRecord>(line, Json) is { Type: not null, Actor: not null, Outcome: not null, Node: not null, Prev.Length: 64 } record ? record : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What the next record's <see cref="Prev"/> must hold after <paramref name="line"/>.</summary>
    public static string HashOf(ReadOnlySpan<byte> line) => Convert.ToHexStringLower(SHA256.HashData(line));

    public override string ToString() => Encoding.UTF8.GetString(ToLine());
}
