using Archive.Dicom.IO;
using Archive.Dicom.Model;

namespace Archive.Bench.Dicom;

/// <summary>In-memory Part 10 objects for the codec benchmarks: a 512×512 CT slice and a ~100 MB multi-frame US.</summary>
internal static class DicomBenchFiles
{
    /// <summary>A CT slice: ~40 header elements, a nested sequence, 512×512×16-bit native pixels (~0.5 MB).</summary>
    public static byte[] CtSlice() => Build("1.2.840.10008.5.1.4.1.1.2", "CT", 512, 512, 1, 1);

    /// <summary>A multi-frame RGB ultrasound cine: 640×480×3 × 110 frames ≈ 101 MB of pixel data.</summary>
    public static byte[] UltrasoundMultiFrame() => Build("1.2.840.10008.5.1.4.1.1.3.1", "US", 480, 640, 3, 110);

    private static byte[] Build(string sopClass, string modality, int rows, int columns, int samples, int frames)
    {
        var ds = new DicomDataset();
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0008, 0x0005), DicomVR.CS, "ISO_IR 100"));
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0008, 0x0008), DicomVR.CS, "ORIGINAL\\PRIMARY\\AXIAL"));
        ds.Add(DicomValueElement.FromUid(new DicomTag(0x0008, 0x0016), sopClass));
        ds.Add(DicomValueElement.FromUid(new DicomTag(0x0008, 0x0018), "2.25.1234567890123456789012345678901234"));
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0008, 0x0020), DicomVR.DA, "20240131"));
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0008, 0x0030), DicomVR.TM, "101500"));
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0008, 0x0050), DicomVR.SH, "ACC000123"));
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0008, 0x0060), DicomVR.CS, modality));
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0008, 0x0070), DicomVR.LO, "ARCHIVE SYNTHETIC"));
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0008, 0x0080), DicomVR.LO, "CHU de Rennes"));
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0008, 0x1030), DicomVR.LO, "Benchmark study"));
        var procedure = new DicomSequence(new DicomTag(0x0008, 0x1032));
        var code = new DicomDataset(ds);
        code.Add(DicomValueElement.FromAscii(new DicomTag(0x0008, 0x0100), DicomVR.SH, "CTHEAD"));
        code.Add(DicomValueElement.FromAscii(new DicomTag(0x0008, 0x0102), DicomVR.SH, "L"));
        code.Add(DicomValueElement.FromAscii(new DicomTag(0x0008, 0x0104), DicomVR.LO, "CT HEAD W/O CONTRAST"));
        procedure.AddItem(code);
        ds.Add(procedure);
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0010, 0x0010), DicomVR.PN, "Dupont^Helene"));
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0010, 0x0020), DicomVR.LO, "PID12345"));
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0010, 0x0021), DicomVR.LO, "CHU-RENNES"));
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0010, 0x0030), DicomVR.DA, "19600101"));
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0010, 0x0040), DicomVR.CS, "F"));
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0018, 0x0050), DicomVR.DS, "1.25"));
        ds.Add(DicomValueElement.FromUid(new DicomTag(0x0020, 0x000D), "2.25.99887766554433221100998877665544"));
        ds.Add(DicomValueElement.FromUid(new DicomTag(0x0020, 0x000E), "2.25.99887766554433221100998877665545"));
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0020, 0x0013), DicomVR.IS, "1"));
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0020, 0x0032), DicomVR.DS, "-125\\-125\\10"));
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0020, 0x0037), DicomVR.DS, "1\\0\\0\\0\\1\\0"));
        ds.Add(DicomValueElement.FromUInt16(new DicomTag(0x0028, 0x0002), (ushort)samples));
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0028, 0x0004), DicomVR.CS, samples == 3 ? "RGB" : "MONOCHROME2"));
        if (frames > 1)
        {
            ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0028, 0x0008), DicomVR.IS, frames.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        ds.Add(DicomValueElement.FromUInt16(new DicomTag(0x0028, 0x0010), (ushort)rows));
        ds.Add(DicomValueElement.FromUInt16(new DicomTag(0x0028, 0x0011), (ushort)columns));
        var bits = samples == 3 ? (ushort)8 : (ushort)16;
        ds.Add(DicomValueElement.FromUInt16(new DicomTag(0x0028, 0x0100), bits));
        ds.Add(DicomValueElement.FromUInt16(new DicomTag(0x0028, 0x0101), bits));
        ds.Add(DicomValueElement.FromUInt16(new DicomTag(0x0028, 0x0102), (ushort)(bits - 1)));
        ds.Add(DicomValueElement.FromUInt16(new DicomTag(0x0028, 0x0103), 0));
        var pixels = new byte[rows * columns * samples * (bits / 8) * frames];
        new Random(42).NextBytes(pixels);
        ds.Add(new DicomValueElement(DicomTag.PixelData, bits == 8 ? DicomVR.OB : DicomVR.OW, pixels));
        var syntax = DicomTransferSyntax.ExplicitVRLittleEndian;
        return DicomFileWriter.ToBytes(new DicomFile(DicomFileMeta.Create(sopClass, "2.25.1234567890123456789012345678901234", syntax), ds, syntax));
    }
}
