using Archive.Dicom.IO;
using Archive.Dicom.Model;
using Archive.Dicom.Tests.Support;

namespace Archive.Dicom.Tests.Dcmtk;

/// <summary>Files made by dcmtk are read as dcmdump reads them; files we write are read back by dcmdump with the same values.</summary>
public sealed class DcmtkCrossValidationTests : IDisposable
{
    private readonly string _directory = DcmtkTool.TempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string, string, string> Dump2dcmVariants
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var syntax in new[] { "+te", "+ti", "+tb", "+td" })
            {
                foreach (var lengths in new[] { "+e", "-e" })
                {
                    foreach (var groups in new[] { "-g", "+g" })
                    {
                        data.Add(syntax, lengths, groups);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Dump2dcmVariants))]
    public void Dump2dcmFile_Read_MatchesDcmdumpElementList(string syntax, string lengths, string groups)
    {
        var path = Path.Combine(_directory, "dump2dcm.dcm");
        DcmtkTool.Run("dump2dcm", syntax, lengths, groups, DcmtkInputs.WriteDump(_directory), path);

        var file = DicomFileReader.Read(File.ReadAllBytes(path)).File;

        AssertSameElements(path, file);
    }

    [Theory]
    [MemberData(nameof(Dump2dcmVariants))]
    public void Dump2dcmFile_WriteInOwnSyntax_GivesIdenticalBytes(string syntax, string lengths, string groups)
    {
        var path = Path.Combine(_directory, "dump2dcm.dcm");
        DcmtkTool.Run("dump2dcm", syntax, lengths, groups, DcmtkInputs.WriteDump(_directory), path);
        var bytes = File.ReadAllBytes(path);

        var file = DicomFileReader.Read(bytes).File;

        if (file.TransferSyntax.IsBigEndian)
        {
            // Read-only syntax: written as explicit little endian, which dcmdump must read the same.
            var ours = Path.Combine(_directory, "ours.dcm");
            File.WriteAllBytes(ours, DicomFileWriter.ToBytes(file));
            AssertSameElements(ours, DicomFileReader.Read(File.ReadAllBytes(ours)).File);
        }
        else if (file.TransferSyntax.IsDeflated)
        {
            var ours = DicomFileWriter.ToBytes(file);
            Assert.Equal(DatasetComparer.Describe(file.Dataset), DatasetComparer.Describe(DicomFileReader.Read(ours).File.Dataset));
        }
        else
        {
            Assert.Equal(bytes, DicomFileWriter.ToBytes(file));
        }
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2")]
    [InlineData("1.2.840.10008.1.2.1")]
    [InlineData("1.2.840.10008.1.2.1.99")]
    public void OurFile_DcmdumpStrict_ReadsSameValues(string uid)
    {
        var path = Path.Combine(_directory, "ours.dcm");
        File.WriteAllBytes(path, SampleFiles.CtBytes(DicomTransferSyntax.Lookup(uid), 16, 16));

        var (exitCode, output) = DcmtkTool.RunWithStatus("dcmdump", ["+E", "-q", path]);

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("E: ", output, StringComparison.Ordinal);
        AssertSameElements(path, DicomFileReader.Read(File.ReadAllBytes(path)).File);
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2")]
    [InlineData("1.2.840.10008.1.2.1")]
    public void Dump2dcmFile_Transcoded_DcmdumpReadsSameValues(string uid)
    {
        var path = Path.Combine(_directory, "dump2dcm.dcm");
        DcmtkTool.Run("dump2dcm", "+tb", DcmtkInputs.WriteDump(_directory), path);
        var file = DicomFileReader.Read(File.ReadAllBytes(path)).File;

        var ours = Path.Combine(_directory, "transcoded.dcm");
        File.WriteAllBytes(ours, DicomFileWriter.ToBytes(file, DicomTransferSyntax.Lookup(uid)));

        Assert.Contains(uid, DcmtkTool.Run("dcmdump", "-Un", "+P", "0002,0010", ours), StringComparison.Ordinal);
        // (0020,9056) carries SL where the dictionary says SH: implicit VR cannot keep such a VR, so it is left out.
        var mismatched = new DicomTag(0x0020, 0x9056);
        var expected = DcmdumpLine.ParseDataset(DcmtkTool.Run("dcmdump", "-q", "-Un", "+L", "+U8", path)).Select(OurElementList.Normalise).Where(l => l.Tag != mismatched && l.Tag != CharacterSet).ToList();
        var actual = DcmdumpLine.ParseDataset(DcmtkTool.Run("dcmdump", "-q", "-Un", "+L", "+U8", ours)).Select(OurElementList.Normalise).Where(l => l.Tag != mismatched && l.Tag != CharacterSet).ToList();
        Assert.Equal(string.Join('\n', expected), string.Join('\n', actual));
    }

    [Fact]
    public void Img2dcmFile_Read_MatchesDcmdump()
    {
        var path = Path.Combine(_directory, "img.dcm");
        DcmtkTool.Run("img2dcm", "-i", "BMP", DcmtkInputs.WriteBmp(_directory), path);

        var file = DicomFileReader.Read(File.ReadAllBytes(path)).File;

        AssertSameElements(path, file);
        Assert.Equal(File.ReadAllBytes(path), DicomFileWriter.ToBytes(file));
    }

    [Theory]
    [InlineData("dcmcjpeg")]
    [InlineData("dcmcrle")]
    public void CompressedFile_Read_MatchesDcmdumpIncludingFragments(string tool)
    {
        var source = Path.Combine(_directory, "img.dcm");
        DcmtkTool.Run("img2dcm", "-i", "BMP", DcmtkInputs.WriteBmp(_directory), source);
        var path = Path.Combine(_directory, "compressed.dcm");
        DcmtkTool.Run(tool, source, path);

        var bytes = File.ReadAllBytes(path);
        var file = DicomFileReader.Read(bytes).File;

        Assert.True(file.TransferSyntax.IsEncapsulated);
        Assert.IsType<DicomFragmentSequence>(file.Dataset[DicomTag.PixelData]);
        AssertSameElements(path, file);
        Assert.Equal(bytes, DicomFileWriter.ToBytes(file));
    }

    [Fact]
    public void OurFile_Dciodvfy_ParsesWithoutEncodingErrors()
    {
        var path = Path.Combine(_directory, "ours.dcm");
        File.WriteAllBytes(path, SampleFiles.CtBytes(DicomTransferSyntax.ExplicitVRLittleEndian, 16, 16));

        var (_, output) = DcmtkTool.RunWithStatus("dciodvfy", [path]);

        Assert.Contains("CTImage", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Error - Bad", output, StringComparison.Ordinal);
        Assert.DoesNotContain("not a DICOM", output, StringComparison.OrdinalIgnoreCase);
    }

    private static void AssertSameElements(string path, DicomFile file)
    {
        var dump = DcmtkTool.Run("dcmdump", "-q", "-Un", "+L", "+U8", path);
        var expected = DcmdumpLine.ParseDataset(dump).Select(OurElementList.Normalise).Where(l => l.Tag != CharacterSet).ToList();
        var actual = OurElementList.Flatten(file.Dataset).Select(OurElementList.Normalise).Where(l => l.Tag != CharacterSet).ToList();

        Assert.Equal(string.Join('\n', expected), string.Join('\n', actual));
    }

    /// <summary>dcmdump +U8 rewrites (or adds) (0008,0005) in its output, so it is not compared.</summary>
    private static readonly DicomTag CharacterSet = new(0x0008, 0x0005);
}
