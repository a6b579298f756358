using Archive.Dicom.IO;
using Archive.Dicom.Model;
using Archive.Dicom.Tests.Support;

namespace Archive.Dicom.Tests.IO;

[Collection(AloneInTheProcess.Name)]
public class DicomHeaderOnlyTests
{
    [Fact]
    public async Task ReadHeader_LargePixelData_StopsBeforeItWithoutReadingOrAllocatingIt()
    {
        var file = SampleFiles.CtFile(DicomTransferSyntax.ExplicitVRLittleEndian, 4096, 4096); // 32 MiB of pixels
        var bytes = DicomFileWriter.ToBytes(file);
        using var stream = new NonSeekableStream(bytes);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var header = await DicomFileReader.ReadHeaderAsync(stream);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.True(header.Stopped);
        Assert.Equal(DicomTag.PixelData, header.StoppedAt);
        Assert.Equal(bytes.Length - 12 - (4096 * 4096 * 2), header.PixelDataOffset);
        Assert.False(header.File.Dataset.Contains(DicomTag.PixelData));
        Assert.Equal("Dupont^Hélène", header.File.Dataset.GetText(new DicomTag(0x0010, 0x0010)));
        Assert.True(stream.BytesRead < 256 * 1024, $"read {stream.BytesRead} bytes");
        Assert.True(allocated < 2 * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void ReadHeader_StopAtTag_StopsBeforeThatTag()
    {
        var bytes = SampleFiles.CtBytes(DicomTransferSyntax.ImplicitVRLittleEndian);

        var header = DicomFileReader.Read(bytes, DicomReaderOptions.Default with { StopAtTag = new DicomTag(0x0020, 0x0000) });

        Assert.Equal(new DicomTag(0x0020, 0x000D), header.StoppedAt);
        Assert.True(header.File.Dataset.Contains(new DicomTag(0x0018, 0x0050)));
        Assert.False(header.File.Dataset.Contains(new DicomTag(0x0020, 0x000D)));
        Assert.Null(header.PixelDataOffset);
    }

    [Fact]
    public void ReadHeader_NoPixelData_ReadsEverything()
    {
        var ds = SampleFiles.CtDataset(withPixels: false);
        var bytes = DicomFileWriter.ToBytes(new DicomFile(DicomFileMeta.Create("1.2", "1.3", DicomTransferSyntax.ExplicitVRLittleEndian), ds, DicomTransferSyntax.ExplicitVRLittleEndian));

        var header = DicomFileReader.Read(bytes, DicomReaderOptions.Default.HeaderOnly());

        Assert.False(header.Stopped);
        Assert.Null(header.PixelDataOffset);
        Assert.Equal(ds.Count, header.File.Dataset.Count);
    }

    [Fact]
    public async Task ReadHeader_Deflated_StopsButReportsNoFileOffset()
    {
        var bytes = SampleFiles.CtBytes(DicomTransferSyntax.DeflatedExplicitVRLittleEndian, 256, 256);

        var header = await DicomFileReader.ReadHeaderAsync(new MemoryStream(bytes));

        Assert.Equal(DicomTag.PixelData, header.StoppedAt);
        Assert.Null(header.PixelDataOffset);
        Assert.Equal("CT", header.File.Dataset.GetText(new DicomTag(0x0008, 0x0060)));
    }
}
