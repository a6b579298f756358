using Archive.Dicom.IO;
using Archive.Dicom.Model;

namespace Archive.Testing.Dicom;

/// <summary>Realistic small DICOM objects written by our codec: a CT slice with 16-bit pixels and the usual keys.</summary>
public static class TestDicomObjects
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    public sealed record Spec(
        string PatientName,
        string PatientId,
        string StudyUid,
        string SeriesUid,
        string SopUid,
        string Accession = "ACC1",
        string StudyDate = "20240110",
        string Modality = "CT",
        string? IssuerOfPatientId = null,
        string CharacterSet = "ISO_IR 100",
        int PixelSeed = 1,
        int Size = 64);

    public static byte[] Part10(Spec spec, DicomTransferSyntax? syntax = null)
    {
        syntax ??= DicomTransferSyntax.ExplicitVRLittleEndian;
        var d = new DicomDataset();
        d.AddOrReplaceText(new DicomTag(0x0008, 0x0005), DicomVR.CS, spec.CharacterSet);
        d.AddOrReplaceText(new DicomTag(0x0008, 0x0016), DicomVR.UI, CtImageStorage);
        d.AddOrReplaceText(new DicomTag(0x0008, 0x0018), DicomVR.UI, spec.SopUid);
        d.AddOrReplaceText(new DicomTag(0x0008, 0x0020), DicomVR.DA, spec.StudyDate);
        d.AddOrReplaceText(new DicomTag(0x0008, 0x0030), DicomVR.TM, "101500");
        d.AddOrReplaceText(new DicomTag(0x0008, 0x0050), DicomVR.SH, spec.Accession);
        d.AddOrReplaceText(new DicomTag(0x0008, 0x0060), DicomVR.CS, spec.Modality);
        d.AddOrReplaceText(new DicomTag(0x0008, 0x1030), DicomVR.LO, "Thorax sans injection");
        d.AddOrReplaceText(new DicomTag(0x0010, 0x0010), DicomVR.PN, spec.PatientName);
        d.AddOrReplaceText(new DicomTag(0x0010, 0x0020), DicomVR.LO, spec.PatientId);
        if (spec.IssuerOfPatientId is { } issuer)
        {
            d.AddOrReplaceText(new DicomTag(0x0010, 0x0021), DicomVR.LO, issuer);
        }

        d.AddOrReplaceText(new DicomTag(0x0010, 0x0030), DicomVR.DA, "19610412");
        d.AddOrReplaceText(new DicomTag(0x0010, 0x0040), DicomVR.CS, "F");
        d.AddOrReplaceText(new DicomTag(0x0020, 0x000D), DicomVR.UI, spec.StudyUid);
        d.AddOrReplaceText(new DicomTag(0x0020, 0x000E), DicomVR.UI, spec.SeriesUid);
        d.AddOrReplaceText(new DicomTag(0x0020, 0x0011), DicomVR.IS, "1");
        d.AddOrReplaceText(new DicomTag(0x0020, 0x0013), DicomVR.IS, "1");
        d.Add(DicomValueElement.FromUInt16(new DicomTag(0x0028, 0x0002), 1));
        d.AddOrReplaceText(new DicomTag(0x0028, 0x0004), DicomVR.CS, "MONOCHROME2");
        d.Add(DicomValueElement.FromUInt16(new DicomTag(0x0028, 0x0010), (ushort)spec.Size));
        d.Add(DicomValueElement.FromUInt16(new DicomTag(0x0028, 0x0011), (ushort)spec.Size));
        d.Add(DicomValueElement.FromUInt16(new DicomTag(0x0028, 0x0100), 16));
        d.Add(DicomValueElement.FromUInt16(new DicomTag(0x0028, 0x0101), 12));
        d.Add(DicomValueElement.FromUInt16(new DicomTag(0x0028, 0x0102), 11));
        d.Add(DicomValueElement.FromUInt16(new DicomTag(0x0028, 0x0103), 0));
        var pixels = new byte[spec.Size * spec.Size * 2];
        var random = new Random(spec.PixelSeed);
        for (var i = 0; i < pixels.Length; i += 2)
        {
            var value = (ushort)(1000 + (int)(300 * Math.Sin(i / 500.0)) + random.Next(8));
            pixels[i] = (byte)value;
            pixels[i + 1] = (byte)(value >> 8);
        }

        d.Add(new DicomValueElement(DicomTag.PixelData, DicomVR.OW, pixels));
        var file = new DicomFile(DicomFileMeta.Create(CtImageStorage, spec.SopUid, syntax), d, syntax);
        return DicomFileWriter.ToBytes(file, syntax);
    }

    /// <summary>The dataset bytes of a Part 10 object (what travels in C-STORE and must come back identical).</summary>
    public static byte[] DatasetOf(byte[] part10)
    {
        return DicomPart10Envelope.TryGetDatasetOffset(part10, out var offset) ? part10[(int)offset..] : throw new InvalidDataException("not a Part 10 object");
    }
}
