using Archive.Dicom.IO;
using Archive.Dicom.Model;

namespace Archive.Dicom.Tests.IO;

public sealed class DicomPart10EnvelopeTests
{
    [Fact]
    public void Header_ThenDataset_ReadsBackWithMetaAndExactDataset()
    {
        var dataset = new DicomDataset();
        dataset.Add(DicomValueElement.FromUid(new DicomTag(0x0008, 0x0016), "1.2.840.10008.5.1.4.1.1.7"));
        dataset.Add(DicomValueElement.FromUid(new DicomTag(0x0008, 0x0018), "1.2.3.4"));
        var body = new System.Buffers.ArrayBufferWriter<byte>();
        DicomDatasetWriter.Write(body, dataset, DicomTransferSyntax.ImplicitVRLittleEndian);

        var header = DicomPart10Envelope.Header("1.2.840.10008.5.1.4.1.1.7", "1.2.3.4", DicomTransferSyntax.ImplicitVRLittleEndian, "MODALITY1");
        var file = header.Concat(body.WrittenSpan.ToArray()).ToArray();

        Assert.True(DicomPart10Envelope.TryGetDatasetOffset(file, out var offset));
        Assert.Equal(header.Length, offset);
        var read = DicomFileReader.Read(file).File;
        Assert.Equal("MODALITY1", read.FileMetaInformation.GetText(DicomPart10Envelope.SourceApplicationEntityTitle));
        Assert.Equal("1.2.3.4", read.Dataset.GetText(new DicomTag(0x0008, 0x0018)));
        Assert.Equal(DicomTransferSyntax.ImplicitVRLittleEndian.Uid, read.TransferSyntax.Uid);
    }

    [Fact]
    public void TryGetDatasetOffset_BareDataset_IsZero()
    {
        Assert.True(DicomPart10Envelope.TryGetDatasetOffset(new byte[200], out var offset));
        Assert.Equal(0, offset);
    }
}
