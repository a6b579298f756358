using Archive.Dicom.IO;
using Archive.Dicom.Model;
using Archive.Dicom.Tests.Support;

namespace Archive.Dicom.Tests.IO;

public class DicomFileReaderTests
{
    private static readonly DicomTag PatientName = new(0x0010, 0x0010);
    private static readonly DicomTag Rows = new(0x0028, 0x0010);

    [Fact]
    public void Read_ExplicitLittleEndian_ExposesTypedValues()
    {
        var file = DicomFileReader.Read(SampleFiles.CtBytes(DicomTransferSyntax.ExplicitVRLittleEndian, 8, 6)).File;

        Assert.Equal("Dupont^Hélène", file.Dataset.GetText(PatientName));
        Assert.True(file.Dataset.TryGetUInt16(Rows, out var rows));
        Assert.Equal(8, rows);
        Assert.True(file.Dataset.TryGetDouble(new DicomTag(0x0018, 0x0050), out var thickness));
        Assert.Equal(1.25, thickness);
        Assert.True(file.Dataset.TryGetInt32(new DicomTag(0x0020, 0x0013), out var number));
        Assert.Equal(7, number);
        Assert.True(file.Dataset.TryGetDouble(new DicomTag(0x0020, 0x0032), out var z, index: 2));
        Assert.Equal(30.25, z);
        Assert.Equal(128, file.Preamble.Length);
    }

    [Fact]
    public void Read_Sequences_KeepLengthKindsAndNesting()
    {
        var file = DicomFileReader.Read(SampleFiles.CtBytes(DicomTransferSyntax.ImplicitVRLittleEndian)).File;

        var referenced = file.Dataset.GetSequence(new DicomTag(0x0008, 0x1140))!;
        var procedure = file.Dataset.GetSequence(new DicomTag(0x0008, 0x1032))!;

        Assert.False(referenced.HasUndefinedLength);
        Assert.False(referenced.Items[0].HasUndefinedLength);
        Assert.True(procedure.HasUndefinedLength);
        Assert.Equal(2, procedure.Items.Count);
        Assert.Empty(procedure.Items[1].Dataset);
        var nested = procedure.Items[0].Dataset.GetSequence(new DicomTag(0x0008, 0x0121))!;
        Assert.Equal("X1", nested.Items[0].Dataset.GetText(new DicomTag(0x0008, 0x0100)));
        Assert.Same(procedure.Items[0].Dataset, nested.Items[0].Dataset.Parent);
    }

    [Fact]
    public void Read_BigEndian_SwapsBinaryValuesToLittleEndian()
    {
        var bytes = new RawBuilder(bigEndian: true).Text(0x0008, 0x0060, "CS", "MR")
            .Element(0x0028, 0x0010, "US", [0x01, 0x02])
            .Element(0x0028, 0x9000, "UL", [0, 0, 1, 0])
            .Element(0x7FE0, 0x0010, "OW", [0x12, 0x34, 0x56, 0x78]).ToArray();
        var file = DicomFileReader.Read(new RawBuilder().Preamble().Meta(DicomTransferSyntax.ExplicitVRBigEndian.Uid).Bytes(bytes).ToArray()).File;

        Assert.Equal(DicomTransferSyntax.ExplicitVRBigEndian, file.TransferSyntax);
        Assert.Equal("MR", file.Dataset.GetText(new DicomTag(0x0008, 0x0060)));
        Assert.True(file.Dataset.TryGetUInt16(Rows, out var rows));
        Assert.Equal(0x0102, rows);
        Assert.True(file.Dataset.TryGetUInt32(new DicomTag(0x0028, 0x9000), out var ul));
        Assert.Equal(0x100u, ul);
        Assert.Equal(new byte[] { 0x34, 0x12, 0x78, 0x56 }, ((DicomValueElement)file.Dataset[DicomTag.PixelData]!).Value.ToArray());
    }

    [Fact]
    public void Read_BigEndian_WritesAsExplicitLittleEndianByDefault()
    {
        var bytes = new RawBuilder().Preamble().Meta(DicomTransferSyntax.ExplicitVRBigEndian.Uid)
            .Bytes(new RawBuilder(bigEndian: true).Element(0x0028, 0x0010, "US", [0x01, 0x02]).ToArray()).ToArray();
        var file = DicomFileReader.Read(bytes).File;

        var back = DicomFileReader.Read(DicomFileWriter.ToBytes(file)).File;

        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian, back.TransferSyntax);
        Assert.True(back.Dataset.TryGetUInt16(Rows, out var rows));
        Assert.Equal(0x0102, rows);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_RawDatasetWithoutPreambleOrMeta_DetectsSyntax(bool explicitVR)
    {
        var bytes = new RawBuilder(explicitVR).Text(0x0008, 0x0060, "CS", "CT").Text(0x0010, 0x0010, "PN", "Doe^John").ToArray();

        var file = DicomFileReader.Read(bytes).File;

        Assert.Equal(explicitVR, file.TransferSyntax.IsExplicitVR);
        Assert.True(file.MetaWasMissing);
        Assert.True(file.Preamble.IsEmpty);
        Assert.Equal("Doe^John", file.Dataset.GetText(PatientName));
        Assert.Equal(DicomVR.PN, file.Dataset[PatientName]!.VR);
    }

    [Fact]
    public void Read_MetaWithoutPreamble_IsAccepted()
    {
        var bytes = new RawBuilder().Meta(DicomTransferSyntax.ExplicitVRLittleEndian.Uid).Text(0x0010, 0x0010, "PN", "A^B ").ToArray();

        var file = DicomFileReader.Read(bytes).File;

        Assert.Equal("A^B", file.Dataset.GetText(PatientName));
    }

    [Fact]
    public void Read_ExplicitVRDifferentFromDictionary_KeepsFileVR()
    {
        var bytes = new RawBuilder().Preamble().Meta(DicomTransferSyntax.ExplicitVRLittleEndian.Uid)
            .Text(0x0010, 0x0010, "LO", "Doe^John").Element(0x0028, 0x0010, "UN", [0, 2]).ToArray();

        var file = DicomFileReader.Read(bytes).File;

        Assert.Equal(DicomVR.LO, file.Dataset[PatientName]!.VR);
        Assert.Equal(DicomVR.UN, file.Dataset[Rows]!.VR);
        Assert.Equal(bytes, DicomFileWriter.ToBytes(file)[..bytes.Length]);
    }

    [Fact]
    public void Read_OddLength_IsAcceptedAndValueKept()
    {
        var bytes = new RawBuilder().Preamble().Meta(DicomTransferSyntax.ExplicitVRLittleEndian.Uid).Text(0x0010, 0x0010, "PN", "Doe").ToArray();

        var file = DicomFileReader.Read(bytes).File;

        Assert.Equal(3, ((DicomValueElement)file.Dataset[PatientName]!).Length);
        Assert.Equal("Doe", file.Dataset.GetText(PatientName));
    }

    [Fact]
    public void Read_UNWithUndefinedLength_IsParsedAsImplicitSequence()
    {
        var item = new RawBuilder(explicitVR: false).Text(0x0008, 0x0100, "SH", "CODE").ToArray();
        var bytes = new RawBuilder().Preamble().Meta(DicomTransferSyntax.ExplicitVRLittleEndian.Uid)
            .Header(0x0009, 0x0010, "LO", 0).Header(0x0009, 0x1010, "UN", 0xFFFFFFFF)
            .Bytes(new RawBuilder(explicitVR: false).Item().Bytes(item).ItemEnd().SequenceEnd().ToArray())
            .Text(0x0010, 0x0010, "PN", "A^B ").ToArray();

        var file = DicomFileReader.Read(bytes).File;

        var sequence = file.Dataset.GetSequence(new DicomTag(0x0009, 0x1010))!;
        Assert.Equal(DicomVR.UN, sequence.VR);
        Assert.Equal("CODE", sequence.Items[0].Dataset.GetText(new DicomTag(0x0008, 0x0100)));
        Assert.Equal(DicomVR.SH, sequence.Items[0].Dataset[new DicomTag(0x0008, 0x0100)]!.VR);
        Assert.Equal("A^B", file.Dataset.GetText(PatientName));
        Assert.Equal(bytes, DicomFileWriter.ToBytes(file));
    }

    [Fact]
    public void Read_ImplicitUnknownTagWithUndefinedLength_IsASequence()
    {
        var bytes = new RawBuilder(explicitVR: false).Text(0x0008, 0x0060, "CS", "CT")
            .Header(0x0029, 0x1010, "UN", 0xFFFFFFFF).Item(10).Text(0x0008, 0x0060, "CS", "MR").SequenceEnd().ToArray();

        var file = DicomFileReader.Read(bytes).File;

        var sequence = file.Dataset.GetSequence(new DicomTag(0x0029, 0x1010))!;
        Assert.Equal("MR", sequence.Items[0].Dataset.GetText(new DicomTag(0x0008, 0x0060)));
    }

    [Fact]
    public void Read_GroupLengthElements_AreKept()
    {
        var bytes = new RawBuilder().Preamble().Meta(DicomTransferSyntax.ExplicitVRLittleEndian.Uid)
            .Element(0x0010, 0x0000, "UL", [12, 0, 0, 0]).Text(0x0010, 0x0010, "PN", "A^B ").ToArray();

        var file = DicomFileReader.Read(bytes).File;

        Assert.True(file.Dataset.TryGetUInt32(new DicomTag(0x0010, 0x0000), out var groupLength));
        Assert.Equal(12u, groupLength);
        Assert.Equal(bytes, DicomFileWriter.ToBytes(file));
    }

    [Fact]
    public void Read_SplitIntoSingleBytes_GivesSameDatasetAsWhole()
    {
        var bytes = SampleFiles.CtBytes(DicomTransferSyntax.ExplicitVRLittleEndian);
        var whole = DicomFileReader.Read(bytes).File;

        var parser = new DicomFileParser(DicomReaderOptions.Default);
        var pending = new List<byte>();
        foreach (var b in bytes)
        {
            pending.Add(b);
            var reader = new System.Buffers.SequenceReader<byte>(new System.Buffers.ReadOnlySequence<byte>(pending.ToArray()));
            Assert.Equal(DicomFileStep.NeedMoreData, parser.Step(ref reader, isFinalBlock: false));
            pending.RemoveRange(0, (int)reader.Consumed);
        }

        var end = new System.Buffers.SequenceReader<byte>(new System.Buffers.ReadOnlySequence<byte>(pending.ToArray()));
        Assert.Equal(DicomFileStep.Completed, parser.Step(ref end, isFinalBlock: true));
        Assert.Equal(DatasetComparer.Describe(whole.Dataset), DatasetComparer.Describe(parser.ToFile().Dataset));
    }

    [Fact]
    public async Task ReadAsync_TinyReadBuffer_GivesSameDatasetAsWhole()
    {
        var bytes = SampleFiles.CtBytes(DicomTransferSyntax.DeflatedExplicitVRLittleEndian, 32, 32);

        var whole = DicomFileReader.Read(bytes).File;
        var streamed = (await DicomFileReader.ReadStreamAsync(new MemoryStream(bytes), DicomReaderOptions.Default with { ReadBufferSize = 7 })).File;

        Assert.Equal(DatasetComparer.Describe(whole.Dataset), DatasetComparer.Describe(streamed.Dataset));
    }
}
