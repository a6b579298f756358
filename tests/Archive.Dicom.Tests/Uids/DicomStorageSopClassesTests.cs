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
    [InlineData("1.2.840.10008.5.1.4.1.1.1.1", true)] // DX for presentation: "...StorageForPresentation" names
    [InlineData("1.2.840.10008.5.1.4.1.1.1.1.1", true)]
    [InlineData("1.2.840.10008.5.1.4.1.1.1.2", true)] // mammography
    [InlineData("1.2.840.10008.5.1.4.1.1.1.2.1", true)]
    [InlineData("1.2.840.10008.5.1.4.1.1.1.3", true)] // intra-oral
    [InlineData("1.2.840.10008.5.1.4.1.1.13.1.4", true)] // breast projection
    [InlineData("1.2.840.10008.5.1.4.1.1.14.1", true)] // IVOCT
    [InlineData("1.2.840.10008.5.1.4.1.1.501.2.1", true)] // DICOS DX
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

    [Fact]
    public void Registry_EverySopClassNamedAsStoringInstances_IsStorage()
    {
        var missed = DicomUidRegistry.All
            .Where(e => e.Type == DicomUidType.SopClass && e.Keyword.Contains("Storage", StringComparison.Ordinal)
                && !e.Keyword.StartsWith("StorageCommitment", StringComparison.Ordinal) && !e.Keyword.StartsWith("MediaStorage", StringComparison.Ordinal)
                && !e.Keyword.StartsWith("StorageManagement", StringComparison.Ordinal))
            .Where(e => !DicomStorageSopClasses.IsStorage(e.Uid))
            .Select(e => e.Keyword)
            .ToArray();
        Assert.True(missed.Length == 0, string.Join(", ", missed));
    }
}
