using Archive.Catalog.Extraction;
using Archive.Catalog.Model;
using Archive.Dicom.Model;

namespace Archive.Catalog.Tests;

public sealed class ExtractionTests
{
    [Fact]
    public void Extract_Latin1Dataset_DecodesAndFillsIssuerInRecordOnly()
    {
        var dataset = new DicomDataset();
        dataset.AddOrReplaceText(CatalogSchema.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
        dataset.AddOrReplaceText(CatalogSchema.PatientName, DicomVR.PN, "Lefèvre^Zoé");
        dataset.AddOrReplaceText(CatalogSchema.PatientId, DicomVR.LO, "42");
        dataset.AddOrReplaceText(CatalogSchema.StudyInstanceUid, DicomVR.UI, "1.2.3");
        dataset.Add(DicomValueElement.FromUInt16(new DicomTag(0x0028, 0x0010), 512));

        var record = CatalogExtractor.Extract(dataset, "chu-a", "CHUA", "1.2.840.10008.1.2.1", 1234);
        Assert.Equal("Lefèvre^Zoé", record.Get(CatalogSchema.PatientName));
        Assert.Equal("CHUA", record.Get(CatalogSchema.IssuerOfPatientId));
        Assert.Equal("512", record.Get(new DicomTag(0x0028, 0x0010)));
        Assert.False(dataset.Contains(CatalogSchema.IssuerOfPatientId));
    }

    [Fact]
    public void Extract_IssuerInObject_WinsOverDefault()
    {
        var dataset = new DicomDataset();
        dataset.AddOrReplaceText(CatalogSchema.IssuerOfPatientId, DicomVR.LO, "OWN");
        Assert.Equal("OWN", CatalogExtractor.Extract(dataset, "s", "CONF", "1.2", 1).Get(CatalogSchema.IssuerOfPatientId));
    }
}
