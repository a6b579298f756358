using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>
/// Writes a dataset in the DICOM JSON Model (PS3.18 §F.2): an object keyed by 8-hex-digit tags,
/// each with "vr" and "Value" (strings, numbers, PN objects with Alphabetic/Ideographic/Phonetic,
/// nested datasets for SQ), binary values as "InlineBinary" (base64) or, above
/// <see cref="DicomJsonOptions.InlineBinaryLimit"/>, as "BulkDataURI". Text is decoded with the
/// dataset's character set. Stateless and thread-safe.
/// </summary>
public static class DicomJsonWriter
{
    /// <summary>Writes <paramref name="dataset"/> as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, DicomDataset dataset, DicomJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= new DicomJsonOptions();
        WriteDataset(writer, dataset, options);
    }

    /// <summary>The dataset as a JSON string.</summary>
    public static string ToJson(DicomDataset dataset, DicomJsonOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = options?.Indented ?? true }))
        {
            Write(writer, dataset, options);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteDataset(Utf8JsonWriter writer, DicomDataset dataset, DicomJsonOptions options)
    {
        writer.WriteStartObject();
        foreach (var element in dataset)
        {
            writer.WritePropertyName(element.Tag.Value.ToString("X8", CultureInfo.InvariantCulture));
            writer.WriteStartObject();
            switch (element)
            {
                case DicomSequence sequence:
                    writer.WriteString("vr", "SQ");
                    if (sequence.Items.Count > 0)
                    {
                        writer.WriteStartArray("Value");
                        foreach (var item in sequence.Items)
                        {
                            WriteDataset(writer, item.Dataset, options);
                        }

                        writer.WriteEndArray();
                    }

                    break;
                case DicomFragmentSequence fragments:
                    writer.WriteString("vr", DicomVRInfo.Code(fragments.VR));
                    writer.WriteString("BulkDataURI", options.BulkDataUri(fragments.Tag));
                    break;
                case DicomValueElement value:
                    writer.WriteString("vr", DicomVRInfo.Code(value.VR));
                    WriteValue(writer, dataset, value, options);
                    break;
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, DicomDataset dataset, DicomValueElement element, DicomJsonOptions options)
    {
        if (element.Length == 0)
        {
            return;
        }

        var vr = element.VR;
        if (vr is DicomVR.OB or DicomVR.OW or DicomVR.OD or DicomVR.OF or DicomVR.OL or DicomVR.OV or DicomVR.UN)
        {
            if (element.Length > options.InlineBinaryLimit)
            {
                writer.WriteString("BulkDataURI", options.BulkDataUri(element.Tag));
            }
            else
            {
                writer.WriteBase64String("InlineBinary", element.Value.Span);
            }

            return;
        }

        writer.WriteStartArray("Value");
        if (DicomVRInfo.IsString(vr))
        {
            var text = dataset.GetText(element.Tag) ?? string.Empty;
            var values = vr is DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UR ? [text] : text.Split('\\');
            foreach (var raw in values)
            {
                var v = vr is DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UR ? raw : raw.Trim(' ', '\0');
                WriteStringValue(writer, vr, v);
            }
        }
        else
        {
            for (var i = 0; i < element.Multiplicity; i++)
            {
                WriteBinaryValue(writer, element, i);
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteStringValue(Utf8JsonWriter writer, DicomVR vr, string value)
    {
        if (value.Length == 0)
        {
            writer.WriteNullValue();
            return;
        }

        switch (vr)
        {
            case DicomVR.PN:
                var groups = value.Split('=');
                writer.WriteStartObject();
                string[] names = ["Alphabetic", "Ideographic", "Phonetic"];
                for (var g = 0; g < Math.Min(groups.Length, 3); g++)
                {
                    if (groups[g].Length > 0)
                    {
                        writer.WriteString(names[g], groups[g]);
                    }
                }

                writer.WriteEndObject();
                break;
            case DicomVR.IS when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer):
                writer.WriteNumberValue(integer);
                break;
            case DicomVR.DS when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            default:
                writer.WriteStringValue(value);
                break;
        }
    }

    private static void WriteBinaryValue(Utf8JsonWriter writer, DicomValueElement element, int index)
    {
        var span = element.Value.Span;
        switch (element.VR)
        {
            case DicomVR.AT when element.TryGetTag(index, out var tag):
                writer.WriteStringValue(tag.Value.ToString("X8", CultureInfo.InvariantCulture));
                break;
            case DicomVR.US or DicomVR.SS or DicomVR.SL or DicomVR.UL when element.TryGetInt32(index, out var i):
                writer.WriteNumberValue(i);
                break;
            case DicomVR.UL when element.TryGetUInt32(index, out var u):
                writer.WriteNumberValue(u);
                break;
            case DicomVR.FL or DicomVR.FD when element.TryGetDouble(index, out var d) && double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case DicomVR.SV:
                writer.WriteNumberValue(System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(span[(index * 8)..]));
                break;
            case DicomVR.UV:
                writer.WriteNumberValue(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(span[(index * 8)..]));
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
