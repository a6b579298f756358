using System.Buffers;
using System.Buffers.Binary;
using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>
/// Encodes datasets in Implicit or Explicit VR Little Endian into an <see cref="IBufferWriter{T}"/>.
/// Undefined/defined lengths of sequences and items are kept as the model says (defined lengths are
/// recomputed from the content), group length elements present are recomputed for the target
/// syntax, odd values are padded with the VR's padding byte, and in explicit VR a value too long
/// for a 16-bit length is written as UN (PS3.5 §6.2.2). Items of a UN sequence are written in
/// implicit VR. Stateless and thread-safe; the dataset must not change while it is written.
/// </summary>
public static partial class DicomDatasetWriter
{
    private const uint MaxDefinedLength = 0xFFFFFFFE;

    /// <summary>Writes every element of <paramref name="dataset"/> in <paramref name="syntax"/> (little-endian uncompressed or encapsulated, not deflated: deflate is the caller's stream).</summary>
    public static void Write(IBufferWriter<byte> writer, DicomDataset dataset, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        EnsureWritable(syntax);
        WriteDataset(writer, dataset, syntax.IsExplicitVR);
    }

    /// <summary>Number of bytes <see cref="Write"/> produces.</summary>
    public static long GetEncodedLength(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        return DatasetLength(dataset, syntax.IsExplicitVR);
    }

    /// <summary>Writes one top-level element, given the group lengths of its dataset (from <see cref="ComputeGroupLengths"/>, null when none).</summary>
    public static void WriteElement(IBufferWriter<byte> writer, DicomElement element, bool explicitVR, IReadOnlyDictionary<ushort, long>? groupLengths = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(element);
        switch (element)
        {
            case DicomValueElement value:
                WriteValue(writer, value, explicitVR, groupLengths);
                break;
            case DicomSequence sequence:
                WriteSequence(writer, sequence, explicitVR);
                break;
            case DicomFragmentSequence fragments:
                WriteFragments(writer, fragments, explicitVR);
                break;
        }
    }

    /// <summary>
    /// For a dataset holding group length elements (gggg,0000): the encoded length of each such
    /// group without its group length element; null when the dataset has none.
    /// </summary>
    public static Dictionary<ushort, long>? ComputeGroupLengths(DicomDataset dataset, bool explicitVR)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        Dictionary<ushort, long>? lengths = null;
        foreach (var element in dataset)
        {
            if (element.Tag.IsGroupLength)
            {
                lengths ??= [];
                lengths[element.Tag.Group] = 0;
            }
            else if (lengths is not null && lengths.TryGetValue(element.Tag.Group, out var sum))
            {
                lengths[element.Tag.Group] = sum + ElementLength(element, explicitVR);
            }
        }

        return lengths;
    }

    /// <summary>Throws <see cref="NotSupportedException"/> for syntaxes this writer cannot produce (big endian).</summary>
    public static void EnsureWritable(DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        if (syntax.IsBigEndian)
        {
            throw new NotSupportedException($"{syntax.Name} is read-only (retired); write Explicit VR Little Endian instead.");
        }
    }

    private static void WriteDataset(IBufferWriter<byte> writer, DicomDataset dataset, bool explicitVR)
    {
        var groupLengths = ComputeGroupLengths(dataset, explicitVR);
        foreach (var element in dataset)
        {
            WriteElement(writer, element, explicitVR, groupLengths);
        }
    }

    private static void WriteValue(IBufferWriter<byte> writer, DicomValueElement element, bool explicitVR, IReadOnlyDictionary<ushort, long>? groupLengths)
    {
        var span = element.Value.Span;
        if (element.Tag.IsGroupLength && element.VR == DicomVR.UL && span.Length == 4
            && groupLengths is not null && groupLengths.TryGetValue(element.Tag.Group, out var groupLength))
        {
            WriteHeader(writer, element.Tag, DicomVR.UL, 4, explicitVR);
            var bytes = writer.GetSpan(4);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, checked((uint)groupLength));
            writer.Advance(4);
            return;
        }

        var padded = span.Length + (span.Length & 1);
        WriteHeader(writer, element.Tag, EffectiveVR(element.VR, padded, explicitVR), (uint)padded, explicitVR);
        writer.Write(span);
        if ((span.Length & 1) == 1)
        {
            var pad = writer.GetSpan(1);
            pad[0] = DicomVRInfo.PaddingByte(element.VR);
            writer.Advance(1);
        }
    }

    private static void WriteSequence(IBufferWriter<byte> writer, DicomSequence sequence, bool explicitVR)
    {
        var itemsExplicit = explicitVR && !sequence.ItemsAreImplicitVR;
        var length = sequence.HasUndefinedLength ? DicomElementHeader.UndefinedLength : CheckedLength(SequenceContentLength(sequence, itemsExplicit), sequence.Tag);
        WriteHeader(writer, sequence.Tag, sequence.VR, length, explicitVR);
        foreach (var item in sequence.Items)
        {
            var itemLength = item.HasUndefinedLength ? DicomElementHeader.UndefinedLength : CheckedLength(DatasetLength(item.Dataset, itemsExplicit), sequence.Tag);
            WriteItemHeader(writer, DicomTag.Item, itemLength);
            WriteDataset(writer, item.Dataset, itemsExplicit);
            if (item.HasUndefinedLength)
            {
                WriteItemHeader(writer, DicomTag.ItemDelimitationItem, 0);
            }
        }

        if (sequence.HasUndefinedLength)
        {
            WriteItemHeader(writer, DicomTag.SequenceDelimitationItem, 0);
        }
    }

    private static void WriteFragments(IBufferWriter<byte> writer, DicomFragmentSequence fragments, bool explicitVR)
    {
        WriteHeader(writer, fragments.Tag, fragments.VR, DicomElementHeader.UndefinedLength, explicitVR);
        WriteItemHeader(writer, DicomTag.Item, (uint)fragments.OffsetTable.Length);
        writer.Write(fragments.OffsetTable.Span);
        foreach (var fragment in fragments.Fragments)
        {
            WriteItemHeader(writer, DicomTag.Item, (uint)fragment.Length);
            writer.Write(fragment.Span);
        }

        WriteItemHeader(writer, DicomTag.SequenceDelimitationItem, 0);
    }

    private static void WriteHeader(IBufferWriter<byte> writer, DicomTag tag, DicomVR vr, uint length, bool explicitVR)
    {
        var span = writer.GetSpan(12);
        BinaryPrimitives.WriteUInt16LittleEndian(span, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], tag.Element);
        if (!explicitVR)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[4..], length);
            writer.Advance(8);
            return;
        }

        span[4] = (byte)((ushort)vr >> 8);
        span[5] = (byte)vr;
        if (DicomVRInfo.HasLongExplicitLength(vr))
        {
            span[6] = 0;
            span[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(span[8..], length);
            writer.Advance(12);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[6..], (ushort)length);
            writer.Advance(8);
        }
    }

    private static void WriteItemHeader(IBufferWriter<byte> writer, DicomTag tag, uint length)
    {
        var span = writer.GetSpan(8);
        BinaryPrimitives.WriteUInt16LittleEndian(span, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], tag.Element);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], length);
        writer.Advance(8);
    }

    private static uint CheckedLength(long length, DicomTag tag) => length <= MaxDefinedLength
        ? (uint)length
        : throw new InvalidOperationException($"{tag} is too long ({length} bytes) for a defined length.");
}
