using System.Buffers.Binary;
using Archive.Dicom.IO;
using Archive.Dicom.Model;

namespace Archive.Dicom.Tests.IO;

/// <summary>What a receiver refuses before acknowledging: a value cut short past the header-only read, an odd value length.</summary>
public sealed class DicomStructureCheckTests
{
    private static readonly DicomTransferSyntax Explicit = DicomTransferSyntax.ExplicitVRLittleEndian;
    private static readonly DicomTransferSyntax Jpeg = DicomTransferSyntax.Lookup("1.2.840.10008.1.2.4.50");

    [Fact]
    public void Tail_NativePixelDataWhole_NoProblem()
    {
        var bytes = Native(16, sent: 16);
        Assert.Null(DicomStructureCheck.FindTailProblem(new MemoryStream(bytes), 0, bytes.Length, Explicit));
    }

    [Theory]
    [InlineData(16u, 14)]
    [InlineData(0xFFFFFFF0u, 1024)]
    public void Tail_NativePixelDataCutShort_NamesWhatArrived(uint declared, int sent)
    {
        var bytes = Native(declared, sent);
        var problem = DicomStructureCheck.FindTailProblem(new MemoryStream(bytes), 0, bytes.Length, Explicit);
        Assert.Equal($"(7fe0,0010) declares {declared} bytes, {sent} arrived", problem);
    }

    [Fact]
    public void Tail_EncapsulatedFragments_WholeOrWithoutTheirDelimiter()
    {
        var whole = Encapsulated(withDelimiter: true);
        Assert.Null(DicomStructureCheck.FindTailProblem(new MemoryStream(whole), 0, whole.Length, Jpeg));
        var cut = Encapsulated(withDelimiter: false);
        Assert.StartsWith("truncated", DicomStructureCheck.FindTailProblem(new MemoryStream(cut), 0, cut.Length, Jpeg), StringComparison.Ordinal);
    }

    [Fact]
    public void Tail_EncapsulatedUnderANativeSyntax_Refused()
    {
        // Sweep B (session 18), left then: fragments sent as Explicit VR Little Endian were acknowledged, though no reader of that syntax can take them.
        var bytes = Encapsulated(withDelimiter: true);
        Assert.Equal("(7fe0,0010) encapsulated in a native syntax", DicomStructureCheck.FindTailProblem(new MemoryStream(bytes), 0, bytes.Length, Explicit));
    }

    [Fact]
    public void Tail_OddLengthAfterPixelData_Refused()
    {
        var bytes = Native(16, 16).Concat(Element(0x7FE1, 0x0010, "LO"u8, 3)).Concat(new byte[3]).ToArray();
        Assert.Equal("(7fe1,0010) has an odd length (3)", DicomStructureCheck.FindTailProblem(new MemoryStream(bytes), 0, bytes.Length, Explicit));
    }

    [Fact]
    public void Tail_ElementThatBelongsBeforePixelData_RefusedAsOutOfOrder()
    {
        // Sweep B (session 18): a Patient Name after Pixel Data was acknowledged, and never reached the catalog.
        var bytes = Native(16, 16).Concat(Element(0x0010, 0x0010, "PN"u8, 4)).Concat("A^B "u8.ToArray()).ToArray();
        Assert.Equal("(0010,0010) after (7fe0,0010): out of order", DicomStructureCheck.FindTailProblem(new MemoryStream(bytes), 0, bytes.Length, Explicit));

        var padded = Native(16, 16).Concat(Element(0xFFFC, 0xFFFC, "OB"u8, 4)).Concat(new byte[4]).ToArray();
        Assert.Null(DicomStructureCheck.FindTailProblem(new MemoryStream(padded), 0, padded.Length, Explicit));
    }

    [Fact]
    public void Header_OddLengthValue_FoundEvenInsideAnItem()
    {
        var dataset = new DicomDataset();
        dataset.AddOrReplaceText(new DicomTag(0x0010, 0x0020), DicomVR.LO, "ID1");
        Assert.Null(DicomStructureCheck.FirstOddLength(dataset));
        var sequence = new DicomSequence(new DicomTag(0x0008, 0x1032));
        var item = new DicomDataset(dataset);
        item.Add(new DicomValueElement(new DicomTag(0x0008, 0x0104), DicomVR.LO, "Odd^Len"u8.ToArray()));
        sequence.AddItem(item);
        dataset.Add(sequence);
        Assert.Equal(new DicomTag(0x0008, 0x0104), DicomStructureCheck.FirstOddLength(dataset));
    }

    private static byte[] Native(uint declared, int sent) => [.. Element(0x7FE0, 0x0010, "OW"u8, declared), .. new byte[sent]];

    private static byte[] Encapsulated(bool withDelimiter)
    {
        byte[] bytes = [.. Element(0x7FE0, 0x0010, "OB"u8, 0xFFFFFFFF), .. Item(0xE000, 0), .. Item(0xE000, 4), 1, 2, 3, 4];
        return withDelimiter ? [.. bytes, .. Item(0xE0DD, 0)] : bytes;
    }

    private static byte[] Element(ushort group, ushort element, ReadOnlySpan<byte> vr, uint length)
    {
        var longForm = vr.SequenceEqual("OB"u8) || vr.SequenceEqual("OW"u8);
        var bytes = new byte[longForm ? 12 : 8];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, group);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), element);
        vr.CopyTo(bytes.AsSpan(4));
        if (longForm)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), length);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)length);
        }

        return bytes;
    }

    private static byte[] Item(ushort element, uint length)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), element);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), length);
        return bytes;
    }
}
