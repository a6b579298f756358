using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>Encoded sizes, computed the way <see cref="DicomDatasetWriter"/> writes.</summary>
public static partial class DicomDatasetWriter
{
    /// <summary>
    /// The VR written for a value: in explicit VR a short-length VR whose (padded) value exceeds
    /// 0xFFFF bytes becomes UN, the only faithful encoding (PS3.5 §6.2.2).
    /// </summary>
    public static DicomVR EffectiveVR(DicomVR vr, long paddedLength, bool explicitVR) =>
        explicitVR && !DicomVRInfo.HasLongExplicitLength(vr) && paddedLength > ushort.MaxValue ? DicomVR.UN : vr;

    private static int HeaderLength(DicomVR vr, bool explicitVR) =>
        explicitVR && DicomVRInfo.HasLongExplicitLength(vr) ? 12 : 8;

    private static long DatasetLength(DicomDataset dataset, bool explicitVR)
    {
        long total = 0;
        foreach (var element in dataset)
        {
            total += ElementLength(element, explicitVR);
        }

        return total;
    }

    private static long ElementLength(DicomElement element, bool explicitVR)
    {
        switch (element)
        {
            case DicomValueElement value:
                var padded = value.Length + (value.Length & 1);
                return HeaderLength(EffectiveVR(value.VR, padded, explicitVR), explicitVR) + padded;

            case DicomSequence sequence:
                var itemsExplicit = explicitVR && !sequence.ItemsAreImplicitVR;
                return HeaderLength(sequence.VR, explicitVR) + SequenceContentLength(sequence, itemsExplicit) + (sequence.HasUndefinedLength ? 8 : 0);

            case DicomFragmentSequence fragments:
                long total = HeaderLength(fragments.VR, explicitVR) + 8 + fragments.OffsetTable.Length + 8;
                foreach (var fragment in fragments.Fragments)
                {
                    total += 8 + fragment.Length;
                }

                return total;

            default:
                return 0;
        }
    }

    /// <summary>Bytes between a sequence's header and its delimiter (if any): the items with their headers and delimiters.</summary>
    private static long SequenceContentLength(DicomSequence sequence, bool itemsExplicit)
    {
        long total = 0;
        foreach (var item in sequence.Items)
        {
            total += 8 + DatasetLength(item.Dataset, itemsExplicit) + (item.HasUndefinedLength ? 8 : 0);
        }

        return total;
    }
}
