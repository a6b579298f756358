using Archive.Dicom.Model;

namespace Archive.Dicom.Tests.Uids;

public sealed class DicomTransferSyntaxLookupTests
{
    [Theory]
    [InlineData("1.2.840.10008.1.2", false, false, false, false, false)]
    [InlineData("1.2.840.10008.1.2.1", true, false, false, false, false)]
    [InlineData("1.2.840.10008.1.2.1.99", true, false, true, false, false)]
    [InlineData("1.2.840.10008.1.2.2", true, true, false, false, false)]
    [InlineData("1.2.840.10008.1.2.4.50", true, false, false, true, true)]
    [InlineData("1.2.840.10008.1.2.4.70", true, false, false, true, false)]
    [InlineData("1.2.840.10008.1.2.4.80", true, false, false, true, false)]
    [InlineData("1.2.840.10008.1.2.4.81", true, false, false, true, true)]
    [InlineData("1.2.840.10008.1.2.4.90", true, false, false, true, false)]
    [InlineData("1.2.840.10008.1.2.4.91", true, false, false, true, true)]
    [InlineData("1.2.840.10008.1.2.4.201", true, false, false, true, false)]
    [InlineData("1.2.840.10008.1.2.4.203", true, false, false, true, true)]
    [InlineData("1.2.840.10008.1.2.5", true, false, false, true, false)]
    [InlineData("1.2.840.10008.1.2.4.100", true, false, false, true, true)]
    [InlineData("1.2.840.10008.1.2.4.108", true, false, false, true, true)]
    [InlineData("1.2.840.10008.1.2.4.95", true, false, true, false, true)]
    public void TryLookup_StandardUid_HasEncodingFlags(string uid, bool isExplicit, bool isBig, bool isDeflated, bool isEncapsulated, bool isLossy)
    {
        Assert.True(DicomTransferSyntax.TryLookup(uid, out var ts));
        Assert.Equal(
            (uid, isExplicit, isBig, isDeflated, isEncapsulated, isLossy, true),
            (ts.Uid, ts.IsExplicitVR, ts.IsBigEndian, ts.IsDeflated, ts.IsEncapsulated, ts.IsLossy, ts.IsKnown));
    }

    [Fact]
    public void TryLookup_PaddedUid_IgnoresPadding()
    {
        Assert.True(DicomTransferSyntax.TryLookup("1.2.840.10008.1.2.1\0", out var ts));
        Assert.Same(DicomTransferSyntax.ExplicitVRLittleEndian, ts);
    }

    [Fact]
    public void TryLookup_UnknownUid_ReturnsFalse()
    {
        Assert.False(DicomTransferSyntax.TryLookup("1.2.3.4", out var ts));
        Assert.Null(ts);
    }

    [Fact]
    public void Lookup_UnknownUid_ReturnsExplicitLittleEndianEncapsulatedPlaceholder()
    {
        var ts = DicomTransferSyntax.Lookup("1.2.3.4");
        Assert.Equal(("1.2.3.4", true, false, false, true, false), (ts.Uid, ts.IsExplicitVR, ts.IsBigEndian, ts.IsDeflated, ts.IsEncapsulated, ts.IsKnown));
    }

    [Fact]
    public void Lookup_BuiltInUid_ReturnsSameInstance()
    {
        Assert.Same(DicomTransferSyntax.ImplicitVRLittleEndian, DicomTransferSyntax.Lookup("1.2.840.10008.1.2"));
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.90")]
    [InlineData("JPEG2000Lossless", "1.2.840.10008.1.2.4.90")]
    [InlineData("explicit vr little endian", "1.2.840.10008.1.2.1")]
    [InlineData("ExplicitVRLittleEndian", "1.2.840.10008.1.2.1")]
    [InlineData("RLE Lossless", "1.2.840.10008.1.2.5")]
    public void TryParse_UidNameOrKeyword_Finds(string text, string expectedUid)
    {
        Assert.True(DicomTransferSyntax.TryParse(text, out var ts));
        Assert.Equal(expectedUid, ts.Uid);
    }

    [Fact]
    public void All_Uids_AreUnique()
    {
        Assert.Equal(DicomTransferSyntax.All.Count, DicomTransferSyntax.All.Select(t => t.Uid).Distinct().Count());
    }
}
