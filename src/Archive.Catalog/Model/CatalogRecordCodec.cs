using System.Buffers;
using System.Text.Json;
using Archive.Dicom.Model;

namespace Archive.Catalog.Model;

/// <summary>
/// The persisted form of <see cref="CatalogRecord"/>: UTF-8 JSON, versioned by <c>v</c> (1),
/// tags as 8 hex digits. JSON because auditors and the offline rebuild tool can read it, and
/// it is small next to the object (at most <see cref="MaxEncodedLength"/> bytes).
/// <code>{"v":1,"site":"chu-a","ts":"1.2.840.10008.1.2.1","len":524288,
///  "a":{"00100010":"Doe^John",...},"sq":{"00081032":[{"00080100":"CT-THX"}]}}</code>
/// </summary>
public static class CatalogRecordCodec
{
    public const int Version = 1;
    public const int MaxEncodedLength = 60 * 1024;

    public static byte[] Encode(CatalogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("v", Version);
            json.WriteString("site", record.Site);
            json.WriteString("ts", record.TransferSyntaxUid);
            json.WriteNumber("len", record.Length);
            json.WriteStartObject("a");
            foreach (var (tag, value) in record.Values.OrderBy(v => v.Key))
            {
                json.WriteString(TagKey(tag), value);
            }

            json.WriteEndObject();
            json.WriteStartObject("sq");
            foreach (var (tag, items) in record.Sequences.OrderBy(v => v.Key))
            {
                json.WriteStartArray(TagKey(tag));
                foreach (var item in items)
                {
                    json.WriteStartObject();
                    foreach (var (itemTag, value) in item.OrderBy(v => v.Key))
                    {
                        json.WriteString(TagKey(itemTag), value);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenCount <= MaxEncodedLength
            ? buffer.WrittenSpan.ToArray()
            : throw new ArgumentException($"catalog record encodes to {buffer.WrittenCount} bytes, over {MaxEncodedLength}");
    }

    /// <summary>
    /// Decodes; throws <see cref="CatalogFormatException"/> on malformed input or an unknown major version. Read token by
    /// token (every catalog query decodes each row it looks at): the members in any order, every one required.
    /// </summary>
    public static CatalogRecord Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxEncodedLength)
        {
            throw new CatalogFormatException("record too long");
        }

        try
        {
            var reader = new Utf8JsonReader(bytes);
            Expect(ref reader, JsonTokenType.StartObject);
            int? version = null;
            string? site = null, transferSyntax = null;
            long? length = null;
            Dictionary<DicomTag, string>? values = null;
            Dictionary<DicomTag, IReadOnlyList<IReadOnlyDictionary<DicomTag, string>>>? sequences = null;
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("v"u8))
                {
                    Expect(ref reader, JsonTokenType.Number);
                    version = reader.GetInt32();
                    if (version != Version)
                    {
                        throw new CatalogFormatException($"version {version} is not supported");
                    }
                }
                else if (reader.ValueTextEquals("site"u8))
                {
                    site = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("ts"u8))
                {
                    transferSyntax = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("len"u8))
                {
                    Expect(ref reader, JsonTokenType.Number);
                    length = reader.GetInt64();
                }
                else if (reader.ValueTextEquals("a"u8))
                {
                    values = ReadValues(ref reader);
                }
                else if (reader.ValueTextEquals("sq"u8))
                {
                    sequences = ReadSequences(ref reader);
                }
                else
                {
                    Next(ref reader);
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw new CatalogFormatException("not one JSON object");
            }

            return version is null || site is null || transferSyntax is null || length is null || values is null || sequences is null
                ? throw new CatalogFormatException("a member is missing (v, site, ts, len, a and sq are required)")
                : new CatalogRecord(site, transferSyntax, length.Value, values, sequences);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new CatalogFormatException(e.Message);
        }
    }

    /// <summary>An object of tag → string at the reader's next token.</summary>
    private static Dictionary<DicomTag, string> ReadValues(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var values = new Dictionary<DicomTag, string>();
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var tag = ParseTag(reader.GetString()!);
            values[tag] = ReadString(ref reader);
        }

        return values;
    }

    /// <summary>An object of tag → array of item objects at the reader's next token.</summary>
    private static Dictionary<DicomTag, IReadOnlyList<IReadOnlyDictionary<DicomTag, string>>> ReadSequences(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var sequences = new Dictionary<DicomTag, IReadOnlyList<IReadOnlyDictionary<DicomTag, string>>>();
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var tag = ParseTag(reader.GetString()!);
            Expect(ref reader, JsonTokenType.StartArray);
            var items = new List<IReadOnlyDictionary<DicomTag, string>>();
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                var item = new Dictionary<DicomTag, string>();
                while (Next(ref reader) == JsonTokenType.PropertyName)
                {
                    var itemTag = ParseTag(reader.GetString()!);
                    item[itemTag] = ReadString(ref reader);
                }

                items.Add(item);
            }

            if (reader.TokenType != JsonTokenType.EndArray)
            {
                throw new CatalogFormatException("a sequence is not an array of objects");
            }

            sequences[tag] = items.ToArray();
        }

        return sequences;
    }

    /// <summary>The next token's string; a JSON null reads as empty, as the writer never writes one.</summary>
    private static string ReadString(ref Utf8JsonReader reader)
    {
        return Next(ref reader) switch
        {
            JsonTokenType.String => reader.GetString()!,
            JsonTokenType.Null => string.Empty,
            var other => throw new CatalogFormatException($"a string was expected, not {other}"),
        };
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new CatalogFormatException("record ends early");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (Next(ref reader) != type)
        {
            throw new CatalogFormatException($"{type} expected, {reader.TokenType} found");
        }
    }

    private static string TagKey(DicomTag tag) => tag.Value.ToString("X8", System.Globalization.CultureInfo.InvariantCulture);

    private static DicomTag ParseTag(string key) =>
        key.Length == 8 && DicomTag.TryParse(key, out var tag) ? tag : throw new CatalogFormatException($"'{key}' is not a tag");
}

/// <summary>A catalog record's bytes are malformed.</summary>
public sealed class CatalogFormatException(string reason) : Exception("invalid catalog record: " + reason);
