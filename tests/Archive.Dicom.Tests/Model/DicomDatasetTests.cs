using Archive.Dicom.Model;

namespace Archive.Dicom.Tests.Model;

public class DicomDatasetTests
{
    private static DicomValueElement Cs(ushort group, ushort element, string value) => DicomValueElement.FromAscii(new DicomTag(group, element), DicomVR.CS, value);

    [Fact]
    public void Add_OutOfOrder_EnumeratesInTagOrder()
    {
        var ds = new DicomDataset { Cs(0x0010, 0x0040, "F"), Cs(0x0008, 0x0060, "CT"), Cs(0x0008, 0x0008, "A") };

        Assert.Equal(new uint[] { 0x00080008, 0x00080060, 0x00100040 }, ds.Select(e => e.Tag.Value));
    }

    [Fact]
    public void Add_DuplicateTag_Throws_TryAddReturnsFalse()
    {
        var ds = new DicomDataset { Cs(0x0008, 0x0060, "CT") };

        Assert.Throws<ArgumentException>(() => ds.Add(Cs(0x0008, 0x0060, "MR")));
        Assert.False(ds.TryAdd(Cs(0x0008, 0x0060, "MR")));
        Assert.Equal("CT", ds.GetText(new DicomTag(0x0008, 0x0060)));
    }

    [Fact]
    public void AddOrReplace_ExistingTag_ReplacesValue_RemoveDeletes()
    {
        var ds = new DicomDataset { Cs(0x0008, 0x0060, "CT") };

        ds.AddOrReplace(Cs(0x0008, 0x0060, "MR"));
        Assert.Equal("MR", ds.GetText(new DicomTag(0x0008, 0x0060)));
        Assert.True(ds.Remove(new DicomTag(0x0008, 0x0060)));
        Assert.False(ds.Remove(new DicomTag(0x0008, 0x0060)));
        Assert.Empty(ds);
    }

    [Fact]
    public void GetText_ItemWithoutCharacterSet_InheritsParents()
    {
        var ds = new DicomDataset { Cs(0x0008, 0x0005, "ISO_IR 192") };
        var item = new DicomDataset(ds);
        item.AddOrReplaceText(new DicomTag(0x0010, 0x0010), DicomVR.PN, "Øvrebø^Åse");

        Assert.Equal(["ISO_IR 192"], item.GetSpecificCharacterSet());
        Assert.Equal("Øvrebø^Åse", item.GetText(new DicomTag(0x0010, 0x0010)));
        Assert.Equal(14, ((DicomValueElement)item[new DicomTag(0x0010, 0x0010)]!).Length);
    }

    [Fact]
    public void FromAscii_OddLength_IsPaddedWithVRPaddingByte()
    {
        Assert.Equal((byte)' ', DicomValueElement.FromAscii(new DicomTag(0x0008, 0x0060), DicomVR.CS, "MRI").Value.Span[^1]);
        Assert.Equal((byte)0, DicomValueElement.FromUid(new DicomTag(0x0008, 0x0018), "1.2.3").Value.Span[^1]);
    }

    [Fact]
    public void Multiplicity_CountsValuesByVR()
    {
        Assert.Equal(3, DicomValueElement.FromAscii(new DicomTag(0x0008, 0x0008), DicomVR.CS, "A\\B\\C").Multiplicity);
        Assert.Equal(2, DicomValueElement.FromUInt16(new DicomTag(0x0028, 0x0010), 1, 2).Multiplicity);
        Assert.Equal(1, DicomValueElement.FromAscii(new DicomTag(0x0008, 0x4000), DicomVR.LT, "a\\b").Multiplicity);
        Assert.Equal(0, new DicomValueElement(new DicomTag(0x0008, 0x0060), DicomVR.CS, ReadOnlyMemory<byte>.Empty).Multiplicity);
    }
}
