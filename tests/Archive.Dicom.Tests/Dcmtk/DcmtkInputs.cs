using System.Text;

namespace Archive.Dicom.Tests.Dcmtk;

/// <summary>Inputs for dcmtk's generators: a dump2dcm text (Latin-1, nested sequences, private and VR-mismatched tags) and an 8-bit BMP.</summary>
internal static class DcmtkInputs
{
    public static string[] DumpLines =>
    [
        "(0008,0005) CS [ISO_IR 100]",
        "(0008,0008) CS [ORIGINAL\\PRIMARY\\AXIAL]",
        "(0008,0016) UI [1.2.840.10008.5.1.4.1.1.2]",
        "(0008,0018) UI [1.2.3.4.5.6]",
        "(0008,0020) DA [20240131]",
        "(0008,0060) CS [CT]",
        "(0008,1032) SQ (Sequence with undefined length #=2)",
        "(fffe,e000) na (Item with undefined length #=3)",
        "(0008,0100) SH [CTHEAD]",
        "(0008,0102) SH [L]",
        "(0008,0121) SQ (Sequence with undefined length #=1)",
        "(fffe,e000) na (Item with undefined length #=1)",
        "(0008,0100) SH [X1]",
        "(fffe,e00d) na (ItemDelimitationItem)",
        "(fffe,e0dd) na (SequenceDelimitationItem)",
        "(fffe,e00d) na (ItemDelimitationItem)",
        "(fffe,e000) na (Item with undefined length #=0)",
        "(fffe,e00d) na (ItemDelimitationItem)",
        "(fffe,e0dd) na (SequenceDelimitationItem)",
        "(0009,0010) LO [ACME 1.0]",
        "(0009,1001) UN 01\\02\\03\\04",
        "(0010,0010) PN [Dupont^Hélène]",
        "(0010,0020) LO [PID-0042]",
        "(0010,0021) LO [HOSP-A]",
        "(0018,0050) DS [1.25]",
        "(0018,9219) SS -5\\7",
        "(0020,000d) UI [1.2.3.4]",
        "(0020,0013) IS [7]",
        "(0020,0032) DS [-125\\-125.5\\30.25]",
        "(0020,9056) SL -70000",
        "(0020,9057) UL 70000",
        "(0028,0002) US 1",
        "(0028,0004) CS [MONOCHROME2]",
        "(0028,0010) US 2",
        "(0028,0011) US 2",
        "(0028,0100) US 16",
        "(0028,0101) US 12",
        "(0028,0102) US 11",
        "(0028,0103) US 0",
                "(0040,a124) UI [1.2.3.9]",
        "(7fe0,0010) OW 0001\\0002\\0003\\0004",
    ];

    /// <summary>Writes the dump text in Latin-1 (matching its Specific Character Set).</summary>
    public static string WriteDump(string directory)
    {
        var path = Path.Combine(directory, "input.txt");
        File.WriteAllText(path, string.Join('\n', DumpLines) + "\n", Encoding.Latin1);
        return path;
    }

    /// <summary>An 8-bit greyscale BMP of <paramref name="width"/>×<paramref name="height"/> with a gradient (img2dcm reads BMP).</summary>
    public static string WriteBmp(string directory, int width = 64, int height = 48)
    {
        var rowSize = (width + 3) & ~3;
        var paletteSize = 256 * 4;
        var dataOffset = 14 + 40 + paletteSize;
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write((byte)'B');
        w.Write((byte)'M');
        w.Write(dataOffset + (rowSize * height));
        w.Write(0);
        w.Write(dataOffset);
        w.Write(40);
        w.Write(width);
        w.Write(height);
        w.Write((short)1);
        w.Write((short)8);
        w.Write(0);
        w.Write(rowSize * height);
        w.Write(2835);
        w.Write(2835);
        w.Write(256);
        w.Write(0);
        for (var i = 0; i < 256; i++)
        {
            w.Write((byte)i);
            w.Write((byte)i);
            w.Write((byte)i);
            w.Write((byte)0);
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < rowSize; x++)
            {
                w.Write((byte)((x * 4) + (y * 2)));
            }
        }

        var path = Path.Combine(directory, "input.bmp");
        File.WriteAllBytes(path, stream.ToArray());
        return path;
    }
}
