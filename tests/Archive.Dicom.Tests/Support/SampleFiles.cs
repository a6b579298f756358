using Archive.Dicom.IO;
using Archive.Dicom.Model;

namespace Archive.Dicom.Tests.Support;

/// <summary>Small synthetic objects covering the codec's cases: nested sequences of both length kinds, private tags, UN, fragments.</summary>
internal static class SampleFiles
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    public static DicomTag T(ushort group, ushort element) => new(group, element);

    /// <summary>A CT-like dataset with <paramref name="rows"/>×<paramref name="columns"/> 16-bit native pixels.</summary>
    public static DicomDataset CtDataset(int rows = 4, int columns = 4, bool withPixels = true)
    {
        var ds = new DicomDataset();
        ds.Add(DicomValueElement.FromAscii(T(0x0008, 0x0005), DicomVR.CS, "ISO_IR 100"));
        ds.Add(DicomValueElement.FromAscii(T(0x0008, 0x0008), DicomVR.CS, "ORIGINAL\\PRIMARY\\AXIAL"));
        ds.Add(DicomValueElement.FromUid(T(0x0008, 0x0016), CtImageStorage));
        ds.Add(DicomValueElement.FromUid(T(0x0008, 0x0018), "1.2.826.0.1.3680043.2.1125.1.1"));
        ds.Add(DicomValueElement.FromAscii(T(0x0008, 0x0020), DicomVR.DA, "20240131"));
        ds.Add(DicomValueElement.FromAscii(T(0x0008, 0x0060), DicomVR.CS, "CT"));
        ds.AddOrReplaceText(T(0x0010, 0x0010), DicomVR.PN, "Dupont^Hélène");
        ds.Add(DicomValueElement.FromAscii(T(0x0010, 0x0020), DicomVR.LO, "PID-12345"));

        var referenced = new DicomSequence(T(0x0008, 0x1140), DicomVR.SQ, hasUndefinedLength: false);
        var item = new DicomDataset(ds);
        item.Add(DicomValueElement.FromUid(T(0x0008, 0x1150), CtImageStorage));
        item.Add(DicomValueElement.FromUid(T(0x0008, 0x1155), "1.2.3.4.5"));
        referenced.AddItem(item, hasUndefinedLength: false);
        ds.Add(referenced);

        var procedure = new DicomSequence(T(0x0008, 0x1032));
        var code = new DicomDataset(ds);
        code.Add(DicomValueElement.FromAscii(T(0x0008, 0x0100), DicomVR.SH, "CTHEAD"));
        code.Add(DicomValueElement.FromAscii(T(0x0008, 0x0102), DicomVR.SH, "L"));
        var nested = new DicomSequence(T(0x0008, 0x0121), DicomVR.SQ, hasUndefinedLength: true);
        var inner = new DicomDataset(code);
        inner.Add(DicomValueElement.FromAscii(T(0x0008, 0x0100), DicomVR.SH, "X1"));
        nested.AddItem(inner, hasUndefinedLength: false);
        code.Add(nested);
        procedure.AddItem(code);
        procedure.AddItem(new DicomDataset(ds));
        ds.Add(procedure);

        ds.Add(DicomValueElement.FromAscii(T(0x0009, 0x0010), DicomVR.LO, "ACME 1.0"));
        ds.Add(new DicomValueElement(T(0x0009, 0x1001), DicomVR.UN, new byte[] { 1, 2, 3, 4, 5, 6 }));
        ds.Add(DicomValueElement.FromAscii(T(0x0018, 0x0050), DicomVR.DS, "1.25"));
        ds.Add(DicomValueElement.FromDouble(T(0x0018, 0x9087), 1000.5));
        ds.Add(DicomValueElement.FromUid(T(0x0020, 0x000D), "1.2.826.0.1.3680043.2.1125.1"));
        ds.Add(DicomValueElement.FromUid(T(0x0020, 0x000E), "1.2.826.0.1.3680043.2.1125.1.2"));
        ds.Add(DicomValueElement.FromAscii(T(0x0020, 0x0013), DicomVR.IS, "7"));
        ds.Add(DicomValueElement.FromAscii(T(0x0020, 0x0032), DicomVR.DS, "-125\\-125.5\\30.25"));
        ds.Add(DicomValueElement.FromUInt16(T(0x0028, 0x0002), 1));
        ds.Add(DicomValueElement.FromAscii(T(0x0028, 0x0004), DicomVR.CS, "MONOCHROME2"));
        ds.Add(DicomValueElement.FromUInt16(T(0x0028, 0x0010), (ushort)rows));
        ds.Add(DicomValueElement.FromUInt16(T(0x0028, 0x0011), (ushort)columns));
        ds.Add(DicomValueElement.FromUInt16(T(0x0028, 0x0100), 16));
        ds.Add(DicomValueElement.FromUInt16(T(0x0028, 0x0101), 12));
        ds.Add(DicomValueElement.FromUInt16(T(0x0028, 0x0102), 11));
        ds.Add(DicomValueElement.FromUInt16(T(0x0028, 0x0103), 0));
        if (withPixels)
        {
            var pixels = new byte[rows * columns * 2];
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (byte)(i * 7);
            }

            ds.Add(new DicomValueElement(DicomTag.PixelData, DicomVR.OW, pixels));
        }

        return ds;
    }

    /// <summary>The CT dataset as a Part 10 file in <paramref name="syntax"/>.</summary>
    public static DicomFile CtFile(DicomTransferSyntax syntax, int rows = 4, int columns = 4)
    {
        var ds = CtDataset(rows, columns);
        return new DicomFile(DicomFileMeta.Create(CtImageStorage, "1.2.826.0.1.3680043.2.1125.1.1", syntax), ds, syntax);
    }

    /// <summary>The CT file's bytes in <paramref name="syntax"/>.</summary>
    public static byte[] CtBytes(DicomTransferSyntax syntax, int rows = 4, int columns = 4) =>
        DicomFileWriter.ToBytes(CtFile(syntax, rows, columns), syntax);

    /// <summary>An encapsulated (JPEG Baseline labelled) file with an empty offset table and two fragments.</summary>
    public static byte[] EncapsulatedBytes()
    {
        var syntax = DicomTransferSyntax.Lookup("1.2.840.10008.1.2.4.50");
        var ds = CtDataset(withPixels: false);
        var fragments = new DicomFragmentSequence(DicomTag.PixelData);
        fragments.Fragments.Add(new byte[] { 0xFF, 0xD8, 1, 2, 3, 4 });
        fragments.Fragments.Add(new byte[] { 5, 6, 7, 8, 0xFF, 0xD9 });
        ds.Add(fragments);
        var file = new DicomFile(DicomFileMeta.Create(CtImageStorage, "1.2.3", syntax), ds, syntax);
        return DicomFileWriter.ToBytes(file);
    }

    public static DicomTransferSyntax[] WritableSyntaxes =>
    [
        DicomTransferSyntax.ImplicitVRLittleEndian,
        DicomTransferSyntax.ExplicitVRLittleEndian,
        DicomTransferSyntax.DeflatedExplicitVRLittleEndian,
    ];
}
