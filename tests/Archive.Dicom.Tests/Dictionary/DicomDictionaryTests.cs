using Archive.Dicom.Dictionary;
using Archive.Dicom.Model;

namespace Archive.Dicom.Tests.Dictionary;

public sealed class DicomDictionaryTests
{
    [Theory]
    [InlineData(0x0010, 0x0010, DicomVR.PN, "1", "PatientName", false)]
    [InlineData(0x0008, 0x0018, DicomVR.UI, "1", "SOPInstanceUID", false)]
    [InlineData(0x0002, 0x0000, DicomVR.UL, "1", "FileMetaInformationGroupLength", false)]
    [InlineData(0x0008, 0x0005, DicomVR.CS, "1-n", "SpecificCharacterSet", false)]
    [InlineData(0x0020, 0x0032, DicomVR.DS, "3", "ImagePositionPatient", false)]
    [InlineData(0x0008, 0x1110, DicomVR.SQ, "1", "ReferencedStudySequence", false)]
    [InlineData(0x0028, 0x0106, DicomVR.US, "1", "SmallestImagePixelValue", false)]
    [InlineData(0x7FE0, 0x0010, DicomVR.OW, "1", "PixelData", false)]
    [InlineData(0x0008, 0x0040, DicomVR.US, "1", "DataSetType", true)]
    [InlineData(0xFFFE, 0xE000, DicomVR.None, "1", "Item", false)]
    public void TryGet_StandardTag_ReturnsEntry(ushort group, ushort element, DicomVR vr, string vm, string keyword, bool retired)
    {
        var tag = new DicomTag(group, element);
        Assert.True(DicomDictionary.TryGet(tag, out var entry));
        Assert.Equal((tag, vr, vm, keyword, retired), (entry.Tag, entry.VR, entry.ValueMultiplicity, entry.Keyword, entry.IsRetired));
    }

    [Fact]
    public void TryGet_UsOrSs_ListsBothAndReadsAsUs()
    {
        Assert.True(DicomDictionary.TryGet(new DicomTag(0x0028, 0x0120), out var entry));
        Assert.Equal(DicomVR.US, entry.VR);
        Assert.Equal(new[] { DicomVR.US, DicomVR.SS }, entry.AllowedVRs);
        Assert.True(entry.HasMultipleVRs);
    }

    [Fact]
    public void TryGet_PixelData_ListsObAndOwAndReadsAsOw()
    {
        Assert.True(DicomDictionary.TryGet(DicomTag.PixelData, out var entry));
        Assert.Equal(DicomVR.OW, entry.VR);
        Assert.Equal(new[] { DicomVR.OB, DicomVR.OW }, entry.AllowedVRs);
    }

    [Fact]
    public void TryGet_LutData_ListsUsAndOw()
    {
        Assert.True(DicomDictionary.TryGet(new DicomTag(0x0028, 0x3006), out var entry));
        Assert.Equal(DicomVR.OW, entry.VR);
        Assert.Equal(new[] { DicomVR.US, DicomVR.OW }, entry.AllowedVRs);
    }

    [Theory]
    [InlineData(0x6000, 0x3000, "OverlayData", DicomVR.OW)]
    [InlineData(0x6002, 0x0010, "OverlayRows", DicomVR.US)]
    [InlineData(0x601E, 0x0050, "OverlayOrigin", DicomVR.SS)]
    [InlineData(0x5010, 0x3000, "CurveData", DicomVR.OW)]
    [InlineData(0x7F02, 0x0010, "VariablePixelData", DicomVR.OW)]
    [InlineData(0x0020, 0x3142, "SourceImageIDs", DicomVR.CS)]
    public void TryGet_RepeatingGroup_ReturnsEntryWithRequestedTag(ushort group, ushort element, string keyword, DicomVR vr)
    {
        var tag = new DicomTag(group, element);
        Assert.True(DicomDictionary.TryGet(tag, out var entry));
        Assert.Equal((tag, keyword, vr), (entry.Tag, entry.Keyword, entry.VR));
    }

    [Theory]
    [InlineData(0x0008, 0x0000, "GroupLength")]
    [InlineData(0x0028, 0x0000, "GroupLength")]
    [InlineData(0x0009, 0x0000, "PrivateGroupLength")]
    public void TryGet_GroupLength_IsUL(ushort group, ushort element, string keyword)
    {
        Assert.True(DicomDictionary.TryGet(new DicomTag(group, element), out var entry));
        Assert.Equal((DicomVR.UL, keyword), (entry.VR, entry.Keyword));
    }

    [Theory]
    [InlineData(0x0009, 0x0010)]
    [InlineData(0x0029, 0x0011)]
    [InlineData(0x7FE1, 0x00FF)]
    public void TryGet_PrivateCreator_IsLO(ushort group, ushort element)
    {
        Assert.True(DicomDictionary.TryGet(new DicomTag(group, element), out var entry));
        Assert.Equal((DicomVR.LO, "PrivateCreator"), (entry.VR, entry.Keyword));
    }

    [Theory]
    [InlineData(0x0009, 0x1001)]
    [InlineData(0x0029, 0x0100)]
    [InlineData(0x0009, 0x0005)]
    [InlineData(0x0003, 0x0010)]
    [InlineData(0x0010, 0x0001)]
    [InlineData(0x6001, 0x3000)]
    [InlineData(0xABCD, 0x1234)]
    public void TryGet_UnknownOrPrivateDataElement_ReturnsFalse(ushort group, ushort element)
    {
        Assert.False(DicomDictionary.TryGet(new DicomTag(group, element), out var entry));
        Assert.Null(entry);
        Assert.Equal(DicomVR.UN, DicomDictionary.GetImplicitVR(new DicomTag(group, element)));
    }

    [Theory]
    [InlineData("PatientName", 0x0010, 0x0010)]
    [InlineData("StudyInstanceUID", 0x0020, 0x000D)]
    [InlineData("OverlayData", 0x6000, 0x3000)]
    [InlineData("DataSetType", 0x0008, 0x0040)]
    public void TryGetByKeyword_KnownKeyword_ReturnsEntry(string keyword, ushort group, ushort element)
    {
        Assert.True(DicomDictionary.TryGetByKeyword(keyword, out var entry));
        Assert.Equal(new DicomTag(group, element), entry.Tag);
    }

    [Theory]
    [InlineData("patientname")]
    [InlineData("NoSuchKeyword")]
    [InlineData("RETIRED_DataSetType")]
    public void TryGetByKeyword_UnknownKeyword_ReturnsFalse(string keyword)
    {
        Assert.False(DicomDictionary.TryGetByKeyword(keyword, out _));
    }

    [Fact]
    public void Entries_EveryKeyword_RoundTripsThroughBothLookups()
    {
        Assert.True(DicomDictionary.Entries.Count > 4500);
        foreach (var entry in DicomDictionary.Entries)
        {
            Assert.True(DicomDictionary.TryGetByKeyword(entry.Keyword, out var byKeyword));
            Assert.Same(entry, byKeyword);
            Assert.True(DicomDictionary.TryGet(entry.Tag, out var byTag));
            Assert.Equal(entry, byTag);
        }
    }

    [Fact]
    public void Entries_AreSortedAndUnique()
    {
        var tags = DicomDictionary.Entries.Select(e => e.Tag.Value).ToArray();
        Assert.Equal(tags.Order().Distinct().ToArray(), tags);
    }

    [Fact]
    public void DicomTags_Constants_MatchDictionary()
    {
        Assert.Equal(new DicomTag(0x0010, 0x0010), DicomTags.PatientName);
        Assert.Equal(new DicomTag(0x0008, 0x0005), DicomTags.SpecificCharacterSet);
        Assert.Equal(DicomTag.PixelData, DicomTags.PixelData);
        Assert.Equal(new DicomTag(0x6000, 0x3000), DicomTags.OverlayData);
    }

    [Fact]
    public void Source_NamesDcmtkAndEdition()
    {
        Assert.StartsWith("dcmtk dicom.dic (DICOM PS3.6 ", DicomDictionary.Source, StringComparison.Ordinal);
    }
}
