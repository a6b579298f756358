using Archive.Dicom.Uids;

namespace Archive.Dicom.Tests.Uids;

public sealed class DicomStorageSopClassesTests
{
    [Theory]
    [InlineData("1.2.840.10008.5.1.4.1.1.2", true)]
    [InlineData("1.2.840.10008.5.1.4.1.1.88.33", true)]
    [InlineData("1.2.840.10008.5.1.4.1.1.104.1", true)]
    [InlineData("1.2.840.10008.5.1.4.1.1.501.1", true)]
    [InlineData("1.2.840.10008.5.1.4.1.1.6", true)]
    [InlineData("1.2.840.10008.5.1.4.1.1.88.1", true)]
    [InlineData("1.2.840.10008.5.1.4.38.1", true)]
    [InlineData("1.2.840.10008.5.1.4.1.1.999.1", true)]
    [InlineData("1.2.840.10008.5.1.4.1.1.2\0", true)]
    [InlineData("1.2.840.10008.1.1", false)]
    [InlineData("1.2.840.10008.1.3.10", false)]
    [InlineData("1.2.840.10008.5.1.4.1.1.200.4", false)]
    [InlineData("1.2.840.10008.5.1.4.1.2.2.1", false)]
    [InlineData("1.2.840.10008.5.1.4.1.1.", false)]
    [InlineData("1.2.3.4", false)]
    [InlineData(null, false)]
    public void IsStorage_Uid_ClassifiesStorage(string? uid, bool expected)
    {
        Assert.Equal(expected, DicomStorageSopClasses.IsStorage(uid));
    }

    [Fact]
    public void All_ContainsEveryRegisteredStorageClass()
    {
        Assert.Contains(DicomUids.CTImageStorage, DicomStorageSopClasses.All);
        Assert.True(DicomStorageSopClasses.All.Count > 150);
    }
}
