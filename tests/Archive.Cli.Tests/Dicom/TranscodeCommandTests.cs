using Archive.Dicom.IO;
using Archive.Dicom.Model;

namespace Archive.Cli.Tests.Dicom;

public sealed class TranscodeCommandTests : IDisposable
{
    private readonly string _directory = DumpTestFiles.TempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("ExplicitVRLittleEndian", "1.2.840.10008.1.2.1")]
    [InlineData("1.2.840.10008.1.2", "1.2.840.10008.1.2")]
    [InlineData("DeflatedExplicitVRLittleEndian", "1.2.840.10008.1.2.1.99")]
    [InlineData("implicit", "1.2.840.10008.1.2")] // README's first steps (sweep O: refused)
    [InlineData("Explicit", "1.2.840.10008.1.2.1")]
    [InlineData("deflated", "1.2.840.10008.1.2.1.99")]
    public async Task Transcode_ToSyntax_WritesFileInThatSyntaxWithSameElements(string requested, string expectedUid)
    {
        var input = DumpTestFiles.Write(_directory, DicomTransferSyntax.ImplicitVRLittleEndian);
        var output = Path.Combine(_directory, "out.dcm");

        var (code, _, _) = await DumpCommandTests.Run("dicom", "transcode", input, output, "--transfer-syntax", requested);

        Assert.Equal(0, code);
        var original = DicomFileReader.Read(await File.ReadAllBytesAsync(input)).File;
        var transcoded = DicomFileReader.Read(await File.ReadAllBytesAsync(output)).File;
        Assert.Equal(expectedUid, transcoded.TransferSyntax.Uid);
        Assert.Equal(original.Dataset.Select(e => (e.Tag, e.VR)), transcoded.Dataset.Select(e => (e.Tag, e.VR)));
        Assert.Equal(original.Dataset.GetText(new DicomTag(0x0010, 0x0010)), transcoded.Dataset.GetText(new DicomTag(0x0010, 0x0010)));
    }

    [Fact]
    public async Task Transcode_UnknownSyntax_ExitsWithUsage()
    {
        var input = DumpTestFiles.Write(_directory, DicomTransferSyntax.ImplicitVRLittleEndian);

        var (code, _, error) = await DumpCommandTests.Run("dicom", "transcode", input, Path.Combine(_directory, "o.dcm"), "--transfer-syntax", "NoSuchSyntax");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("unknown transfer syntax", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transcode_ToBigEndian_FailsWithoutOutput()
    {
        var input = DumpTestFiles.Write(_directory, DicomTransferSyntax.ExplicitVRLittleEndian);
        var output = Path.Combine(_directory, "be.dcm");

        var (code, _, error) = await DumpCommandTests.Run("dicom", "transcode", input, output, "--transfer-syntax", "1.2.840.10008.1.2.2");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("read-only", error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }
}
