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

    /// <summary>Decodes; throws <see cref="CatalogFormatException"/> on malformed input or an unknown major version.</summary>
    public static CatalogRecord Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxEncodedLength)
        {
            throw new CatalogFormatException("record too long");
        }

        try
        {
            var reader = new Utf8JsonReader(bytes);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.GetProperty("v").GetInt32() != Version)
            {
                throw new CatalogFormatException($"version {root.GetProperty("v").GetInt32()} is not supported");
            }

            var values = new Dictionary<DicomTag, string>();
            foreach (var property in root.GetProperty("a").EnumerateObject())
            {
                values[ParseTag(property.Name)] = property.Value.GetString() ?? string.Empty;
            }

            var sequences = new Dictionary<DicomTag, IReadOnlyList<IReadOnlyDictionary<DicomTag, string>>>();
            foreach (var property in root.GetProperty("sq").EnumerateObject())
            {
                sequences[ParseTag(property.Name)] = property.Value.EnumerateArray()
                    .Select(item => (IReadOnlyDictionary<DicomTag, string>)item.EnumerateObject().ToDictionary(p => ParseTag(p.Name), p => p.Value.GetString() ?? string.Empty))
                    .ToArray();
            }

            return new CatalogRecord(
                root.GetProperty("site").GetString() ?? string.Empty,
                root.GetProperty("ts").GetString() ?? string.Empty,
                root.GetProperty("len").GetInt64(),
                values,
                sequences);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CatalogFormatException(e.Message);
        }
    }

    private static string TagKey(DicomTag tag) => tag.Value.ToString("X8", System.Globalization.CultureInfo.InvariantCulture);

    private static DicomTag ParseTag(string key) =>
        key.Length == 8 && DicomTag.TryParse(key, out var tag) ? tag : throw new CatalogFormatException($"'{key}' is not a tag");
}

/// <summary>A catalog record's bytes are malformed.</summary>
public sealed class CatalogFormatException(string reason) : Exception("invalid catalog record: " + reason);
