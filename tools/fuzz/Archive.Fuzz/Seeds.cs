using Archive.Dicom.IO;
using Archive.Dicom.Model;

namespace Archive.Fuzz;

/// <summary>The seed corpus: small files covering each syntax, sequences of both length kinds, UN, fragments, big endian.</summary>
internal static class Seeds
{
    public static IReadOnlyList<(string Name, byte[] Bytes)> All()
    {
        var seeds = new List<(string, byte[])>();
        foreach (var syntax in new[] { DicomTransferSyntax.ImplicitVRLittleEndian, DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.DeflatedExplicitVRLittleEndian })
        {
            seeds.Add(($"ct-{syntax.Uid}", DicomFileWriter.ToBytes(File(syntax, native: true))));
        }

        seeds.Add(("encapsulated", DicomFileWriter.ToBytes(File(DicomTransferSyntax.Lookup("1.2.840.10008.1.2.4.50"), native: false))));
        var raw = DicomFileWriter.ToBytes(File(DicomTransferSyntax.ImplicitVRLittleEndian, native: true));
        var metaEnd = 132 + (int)DicomDatasetWriter.GetEncodedLength(DicomFileMeta.Create("1.2", "1.3", DicomTransferSyntax.ImplicitVRLittleEndian), DicomTransferSyntax.ExplicitVRLittleEndian);
        seeds.Add(("raw-implicit", raw[(metaEnd + 8)..]));
        return seeds;
    }

    private static DicomFile File(DicomTransferSyntax syntax, bool native)
    {
        var ds = new DicomDataset();
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0008, 0x0005), DicomVR.CS, "ISO_IR 100"));
        ds.Add(DicomValueElement.FromUid(new DicomTag(0x0008, 0x0016), "1.2.840.10008.5.1.4.1.1.2"));
        ds.Add(DicomValueElement.FromUid(new DicomTag(0x0008, 0x0018), "1.2.3.4"));
        var sequence = new DicomSequence(new DicomTag(0x0008, 0x1032));
        var item = new DicomDataset(ds);
        item.Add(DicomValueElement.FromAscii(new DicomTag(0x0008, 0x0100), DicomVR.SH, "CODE"));
        var nested = new DicomSequence(new DicomTag(0x0008, 0x0121), DicomVR.SQ, hasUndefinedLength: false);
        nested.AddItem(new DicomDataset(item), hasUndefinedLength: false);
        item.Add(nested);
        sequence.AddItem(item);
        ds.Add(sequence);
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0009, 0x0010), DicomVR.LO, "ACME"));
        var un = new DicomSequence(new DicomTag(0x0009, 0x1010), DicomVR.UN);
        var unItem = new DicomDataset(ds);
        unItem.Add(DicomValueElement.FromAscii(new DicomTag(0x0008, 0x0060), DicomVR.CS, "CT"));
        un.AddItem(unItem);
        ds.Add(un);
        ds.AddOrReplaceText(new DicomTag(0x0010, 0x0010), DicomVR.PN, "Dupont^Hélène");
        ds.Add(DicomValueElement.FromUInt16(new DicomTag(0x0028, 0x0010), 2));
        ds.Add(DicomValueElement.FromUInt16(new DicomTag(0x0028, 0x0011), 2));
        if (native)
        {
            ds.Add(new DicomValueElement(DicomTag.PixelData, DicomVR.OW, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
        }
        else
        {
            var fragments = new DicomFragmentSequence(DicomTag.PixelData);
            fragments.OffsetTable = new byte[] { 0, 0, 0, 0 };
            fragments.Fragments.Add(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 });
            ds.Add(fragments);
        }

        return new DicomFile(DicomFileMeta.Create("1.2.840.10008.5.1.4.1.1.2", "1.2.3.4", syntax), ds, syntax);
    }
}
