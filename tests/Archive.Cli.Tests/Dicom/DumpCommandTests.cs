using System.CommandLine;
using System.Text.Json;
using Archive.Dicom.Model;

namespace Archive.Cli.Tests.Dicom;

public sealed class DumpCommandTests : IDisposable
{
    private readonly string _directory = DumpTestFiles.TempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Dump_File_PrintsElementsLikeDcmdump()
    {
        var path = DumpTestFiles.Write(_directory, DicomTransferSyntax.ExplicitVRLittleEndian);

        var (code, output, _) = await Run("dicom", "dump", path);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("# Used TransferSyntax: Explicit VR Little Endian", output, StringComparison.Ordinal);
        Assert.Matches(@"\(0010,0010\) PN \[Østergård\^Søren=山田\^太郎\] +# +\d+, 1 PatientName", output);
        Assert.Matches(@"\(0008,1032\) SQ \(Sequence with undefined length #=1\) +# u/l, 1 ProcedureCodeSequence", output);
        Assert.Matches(@"\n    \(0008,0100\) SH \[CTHEAD\] +# +6, 1 CodeValue", output);
        Assert.Matches(@"\(0028,0010\) US 2 +# +2, 1 Rows", output);
        Assert.Matches(@"\(7fe0,0010\) OW 0001\\0002\\0003\\0004 +# +8, 1 PixelData", output);
    }

    [Fact]
    public async Task DumpJson_File_WritesDicomJsonModel()
    {
        var path = DumpTestFiles.Write(_directory, DicomTransferSyntax.ImplicitVRLittleEndian);

        var (code, output, _) = await Run("dicom", "dump", path, "--json");

        Assert.Equal(ExitCodes.Ok, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("PN", root.GetProperty("00100010").GetProperty("vr").GetString());
        var name = root.GetProperty("00100010").GetProperty("Value")[0];
        Assert.Equal("Østergård^Søren", name.GetProperty("Alphabetic").GetString());
        Assert.Equal("山田^太郎", name.GetProperty("Ideographic").GetString());
        Assert.Equal(7, root.GetProperty("00200013").GetProperty("Value")[0].GetInt32());
        Assert.Equal(2, root.GetProperty("00280010").GetProperty("Value")[0].GetInt32());
        Assert.Equal("CTHEAD", root.GetProperty("00081032").GetProperty("Value")[0].GetProperty("00080100").GetProperty("Value")[0].GetString());
        Assert.Equal(Convert.ToBase64String(new byte[] { 1, 0, 2, 0, 3, 0, 4, 0 }), root.GetProperty("7FE00010").GetProperty("InlineBinary").GetString());
    }

    [Fact]
    public async Task Dump_NotDicom_ExitsWithBadInputAndReason()
    {
        var path = Path.Combine(_directory, "text.txt");
        await File.WriteAllTextAsync(path, "hello, this is not a DICOM file");

        var (code, _, error) = await Run("dicom", "dump", path);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("NotDicom", error, StringComparison.Ordinal);
    }

    internal static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Program.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
