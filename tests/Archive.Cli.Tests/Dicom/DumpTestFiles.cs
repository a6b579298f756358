using Archive.Dicom.IO;
using Archive.Dicom.Model;

namespace Archive.Cli.Tests.Dicom;

/// <summary>A small CT-like file written to a temporary directory for the dump/transcode command tests.</summary>
internal static class DumpTestFiles
{
    public static string Write(string directory, DicomTransferSyntax syntax)
    {
        var ds = new DicomDataset();
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0008, 0x0005), DicomVR.CS, "ISO_IR 192"));
        ds.Add(DicomValueElement.FromUid(new DicomTag(0x0008, 0x0016), "1.2.840.10008.5.1.4.1.1.2"));
        ds.Add(DicomValueElement.FromUid(new DicomTag(0x0008, 0x0018), "1.2.3.4.5"));
        var sequence = new DicomSequence(new DicomTag(0x0008, 0x1032));
        var item = new DicomDataset(ds);
        item.Add(DicomValueElement.FromAscii(new DicomTag(0x0008, 0x0100), DicomVR.SH, "CTHEAD"));
        sequence.AddItem(item);
        ds.Add(sequence);
        ds.AddOrReplaceText(new DicomTag(0x0010, 0x0010), DicomVR.PN, "Østergård^Søren=山田^太郎");
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0020, 0x0013), DicomVR.IS, "7"));
        ds.Add(DicomValueElement.FromUInt16(new DicomTag(0x0028, 0x0010), 2));
        ds.Add(new DicomValueElement(DicomTag.PixelData, DicomVR.OW, new byte[] { 1, 0, 2, 0, 3, 0, 4, 0 }));
        var path = Path.Combine(directory, "ct.dcm");
        File.WriteAllBytes(path, DicomFileWriter.ToBytes(new DicomFile(DicomFileMeta.Create("1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.5", syntax), ds, syntax)));
        return path;
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "archive-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
