using System.Globalization;
using Archive.Dicom.Model;

namespace CorpusGenerator;

/// <summary>Fluent helpers over <see cref="DicomDataset"/> for building synthetic objects; text goes through the dataset's character set.</summary>
public sealed class DatasetBuilder(DicomDataset dataset)
{
    public DicomDataset Dataset { get; } = dataset;

    public DatasetBuilder Text(DicomTag tag, DicomVR vr, string value)
    {
        Dataset.AddOrReplaceText(tag, vr, value);
        return this;
    }

    public DatasetBuilder Uid(DicomTag tag, string uid)
    {
        Dataset.AddOrReplace(DicomValueElement.FromUid(tag, uid));
        return this;
    }

    public DatasetBuilder US(DicomTag tag, params ushort[] values)
    {
        Dataset.AddOrReplace(DicomValueElement.FromUInt16(tag, values));
        return this;
    }

    public DatasetBuilder IS(DicomTag tag, long value) => Text(tag, DicomVR.IS, value.ToString(CultureInfo.InvariantCulture));

    public DatasetBuilder DS(DicomTag tag, params double[] values) =>
        Text(tag, DicomVR.DS, string.Join('\\', values.Select(v => v.ToString("0.######", CultureInfo.InvariantCulture))));

    public DatasetBuilder Bytes(DicomTag tag, DicomVR vr, byte[] value)
    {
        Dataset.AddOrReplace(new DicomValueElement(tag, vr, value));
        return this;
    }

    /// <summary>Adds a sequence with one item per builder action (defined or undefined lengths).</summary>
    public DatasetBuilder Sequence(DicomTag tag, bool undefinedLength, params Action<DatasetBuilder>[] items)
    {
        var sequence = new DicomSequence(tag, DicomVR.SQ, undefinedLength);
        foreach (var fill in items)
        {
            var item = new DicomDataset(Dataset);
            fill(new DatasetBuilder(item));
            sequence.AddItem(item, undefinedLength);
        }

        Dataset.AddOrReplace(sequence);
        return this;
    }

    /// <summary>Adds a code sequence item (Code Value, Coding Scheme Designator, Code Meaning).</summary>
    public static Action<DatasetBuilder> Code(string value, string scheme, string meaning) => b => b
        .Text(new DicomTag(0x0008, 0x0100), DicomVR.SH, value)
        .Text(new DicomTag(0x0008, 0x0102), DicomVR.SH, scheme)
        .Text(new DicomTag(0x0008, 0x0104), DicomVR.LO, meaning);
}
