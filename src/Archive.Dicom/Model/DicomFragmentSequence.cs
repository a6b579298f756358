namespace Archive.Dicom.Model;

/// <summary>
/// Encapsulated Pixel Data (PS3.5 §A.4): an element of undefined length whose first item is the
/// Basic Offset Table (possibly empty) and whose following items are fragments of compressed frames.
/// Fragment bytes are kept as read; nothing here decodes them. Not thread-safe: the list is mutable.
/// </summary>
public sealed class DicomFragmentSequence : DicomElement
{
    /// <summary>Creates an empty fragment sequence; <paramref name="vr"/> is OB in conformant files (OW and UN are tolerated).</summary>
    public DicomFragmentSequence(DicomTag tag, DicomVR vr = DicomVR.OB)
        : base(tag, vr)
    {
    }

    /// <summary>The Basic Offset Table item's value: little-endian 32-bit offsets, or empty.</summary>
    public ReadOnlyMemory<byte> OffsetTable { get; set; }

    /// <summary>The fragments after the offset table, in order.</summary>
    public IList<ReadOnlyMemory<byte>> Fragments { get; } = new List<ReadOnlyMemory<byte>>();

    /// <summary>Total bytes of the offset table and all fragments, without item headers.</summary>
    public long TotalLength
    {
        get
        {
            long total = OffsetTable.Length;
            foreach (var fragment in Fragments)
            {
                total += fragment.Length;
            }

            return total;
        }
    }
}
