using Archive.Dicom.Model;
using Archive.Dicom.Uids;

namespace Archive.Dicom.Tests.Uids;

public sealed class DicomUidRegistryTests
{
    [Theory]
    [InlineData("1.2.840.10008.5.1.4.1.1.2", "CTImageStorage", DicomUidType.SopClass, false, true)]
    [InlineData("1.2.840.10008.5.1.4.1.1.4", "MRImageStorage", DicomUidType.SopClass, false, true)]
    [InlineData("1.2.840.10008.5.1.4.1.1.6", "UltrasoundImageStorageRetired", DicomUidType.SopClass, true, true)]
    [InlineData("1.2.840.10008.1.1", "Verification", DicomUidType.SopClass, false, false)]
    [InlineData("1.2.840.10008.1.2.1", "ExplicitVRLittleEndian", DicomUidType.TransferSyntax, false, false)]
    [InlineData("1.2.840.10008.1.2.2", "ExplicitVRBigEndian", DicomUidType.TransferSyntax, true, false)]
    [InlineData("1.2.840.10008.1.20.1", "StorageCommitmentPushModel", DicomUidType.SopClass, false, false)]
    [InlineData("1.2.840.10008.1.20.1.1", "StorageCommitmentPushModelInstance", DicomUidType.WellKnownSopInstance, false, false)]
    [InlineData("1.2.840.10008.5.1.4.1.2.2.1", "StudyRootQueryRetrieveInformationModelFind", DicomUidType.SopClass, false, false)]
    [InlineData("1.2.840.10008.5.1.1.9", "BasicGrayscalePrintManagementMeta", DicomUidType.MetaSopClass, false, false)]
    [InlineData("1.2.840.10008.3.1.1.1", "DICOMApplicationContext", DicomUidType.ApplicationContextName, false, false)]
    [InlineData("1.2.840.10008.15.0.3.16", "DicomTransferSyntax", DicomUidType.LdapOid, false, false)]
    [InlineData("1.2.840.10008.1.3.10", "MediaStorageDirectoryStorage", DicomUidType.SopClass, false, false)]
    public void TryGet_RegisteredUid_ReturnsEntry(string uid, string keyword, DicomUidType type, bool retired, bool storage)
    {
        Assert.True(DicomUidRegistry.TryGet(uid, out var entry));
        Assert.Equal((uid, keyword, type, retired, storage), (entry.Uid, entry.Keyword, entry.Type, entry.IsRetired, entry.IsStorage));
    }

    [Fact]
    public void TryGet_PaddedUid_IgnoresNulPadding()
    {
        Assert.True(DicomUidRegistry.TryGet("1.2.840.10008.1.1\0", out var entry));
        Assert.Equal(DicomUids.Verification, entry.Uid);
    }

    [Theory]
    [InlineData("1.2.3.4")]
    [InlineData("")]
    [InlineData(null)]
    public void TryGet_UnknownUid_ReturnsFalse(string? uid)
    {
        Assert.False(DicomUidRegistry.TryGet(uid, out _));
    }

    [Fact]
    public void Constants_AreTheRegisteredUids()
    {
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", DicomUids.CTImageStorage);
        Assert.Equal("1.2.840.10008.1.2.4.201", DicomUids.HTJ2KLossless);
        Assert.True(DicomUidRegistry.TryGetByKeyword("CTImageStorage", out var entry));
        Assert.Equal(DicomUids.CTImageStorage, entry.Uid);
    }

    [Fact]
    public void TransferSyntaxes_RegistryAndCatalog_AgreeOnUidsAndNames()
    {
        var registry = DicomUidRegistry.All.Where(e => e.Type == DicomUidType.TransferSyntax)
            .Select(e => (e.Uid, e.Name, e.IsRetired)).OrderBy(t => t.Uid, StringComparer.Ordinal).ToArray();
        var catalog = DicomTransferSyntax.All.Select(t => (t.Uid, t.Name, t.IsRetired)).OrderBy(t => t.Uid, StringComparer.Ordinal).ToArray();
        Assert.Equal(registry, catalog);
    }

    [Fact]
    public void Keywords_AreUnique()
    {
        var keywords = DicomUidRegistry.All.Select(e => e.Keyword).ToArray();
        Assert.Equal(keywords.Length, keywords.Distinct(StringComparer.Ordinal).Count());
    }
}
