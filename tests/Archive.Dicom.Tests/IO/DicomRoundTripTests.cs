using Archive.Dicom.IO;
using Archive.Dicom.Model;
using Archive.Dicom.Tests.Support;

namespace Archive.Dicom.Tests.IO;

public class DicomRoundTripTests
{
    public static TheoryData<string> Syntaxes => new()
    {
        DicomTransferSyntax.ImplicitVRLittleEndian.Uid,
        DicomTransferSyntax.ExplicitVRLittleEndian.Uid,
        DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid,
    };

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void ReadThenWrite_SameSyntax_GivesIdenticalBytes(string uid)
    {
        var bytes = SampleFiles.CtBytes(DicomTransferSyntax.Lookup(uid));

        var file = DicomFileReader.Read(bytes).File;
        var written = DicomFileWriter.ToBytes(file);

        Assert.Equal(uid, file.TransferSyntax.Uid);
        Assert.Equal(bytes, written);
    }

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public async Task ReadAsyncThenWriteAsync_SameSyntax_GivesIdenticalBytes(string uid)
    {
        var bytes = SampleFiles.CtBytes(DicomTransferSyntax.Lookup(uid), 64, 64);

        var file = await DicomFileReader.ReadAsync(new MemoryStream(bytes));
        using var output = new MemoryStream();
        await DicomFileWriter.WriteAsync(output, file);

        Assert.Equal(Inflated(bytes), Inflated(output.ToArray()));
    }

    [Fact]
    public async Task Deflated_RoundTrip_GivesIdenticalInflatedBytesAndDataset()
    {
        var bytes = SampleFiles.CtBytes(DicomTransferSyntax.DeflatedExplicitVRLittleEndian, 64, 64);

        var file = await DicomFileReader.ReadAsync(new MemoryStream(bytes));
        using var output = new MemoryStream();
        await DicomFileWriter.WriteAsync(output, file);
        var again = DicomFileReader.Read(output.ToArray()).File;

        Assert.Equal(DatasetComparer.Describe(file.Dataset), DatasetComparer.Describe(again.Dataset));
        Assert.Equal(Inflated(bytes), Inflated(output.ToArray()));
    }

    [Fact]
    public void Encapsulated_ReadThenWrite_GivesIdenticalBytes()
    {
        var bytes = SampleFiles.EncapsulatedBytes();

        var file = DicomFileReader.Read(bytes).File;
        var fragments = Assert.IsType<DicomFragmentSequence>(file.Dataset[DicomTag.PixelData]);

        Assert.Equal(2, fragments.Fragments.Count);
        Assert.True(fragments.OffsetTable.IsEmpty);
        Assert.Equal(bytes, DicomFileWriter.ToBytes(file));
    }

    [Fact]
    public void ImplicitToExplicitToImplicit_PreservesEveryElement()
    {
        var implicitBytes = SampleFiles.CtBytes(DicomTransferSyntax.ImplicitVRLittleEndian);
        var original = DicomFileReader.Read(implicitBytes).File;

        var explicitBytes = DicomFileWriter.ToBytes(original, DicomTransferSyntax.ExplicitVRLittleEndian);
        var viaExplicit = DicomFileReader.Read(explicitBytes).File;
        var backBytes = DicomFileWriter.ToBytes(viaExplicit, DicomTransferSyntax.ImplicitVRLittleEndian);
        var back = DicomFileReader.Read(backBytes).File;

        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian, viaExplicit.TransferSyntax);
        Assert.Equal(DatasetComparer.Describe(original.Dataset), DatasetComparer.Describe(viaExplicit.Dataset));
        Assert.Equal(DatasetComparer.Describe(original.Dataset), DatasetComparer.Describe(back.Dataset));
        Assert.Equal(implicitBytes.Length - 132, backBytes.Length - 132 + ImplementationMetaDelta(original, back));
    }

    [Fact]
    public void ExplicitToImplicit_KnownTags_GetDictionaryVRsBack()
    {
        var explicitFile = DicomFileReader.Read(SampleFiles.CtBytes(DicomTransferSyntax.ExplicitVRLittleEndian)).File;

        var implicitFile = DicomFileReader.Read(DicomFileWriter.ToBytes(explicitFile, DicomTransferSyntax.ImplicitVRLittleEndian)).File;

        Assert.Equal(DicomVR.PN, implicitFile.Dataset[new DicomTag(0x0010, 0x0010)]!.VR);
        Assert.Equal(DicomVR.US, implicitFile.Dataset[new DicomTag(0x0028, 0x0010)]!.VR);
        Assert.Equal(DicomVR.SQ, implicitFile.Dataset[new DicomTag(0x0008, 0x1140)]!.VR);
        Assert.Equal(DicomVR.LO, implicitFile.Dataset[new DicomTag(0x0009, 0x0010)]!.VR);
        Assert.Equal(DicomVR.UN, implicitFile.Dataset[new DicomTag(0x0009, 0x1001)]!.VR);
    }

    [Fact]
    public void Transcode_ChangesMetaTransferSyntaxAndImplementation()
    {
        var file = DicomFileReader.Read(SampleFiles.CtBytes(DicomTransferSyntax.ImplicitVRLittleEndian)).File;

        var transcoded = DicomFileReader.Read(DicomFileWriter.ToBytes(file, DicomTransferSyntax.ExplicitVRLittleEndian)).File;

        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian.Uid, transcoded.FileMetaInformation.GetText(DicomFile.TransferSyntaxUidTag));
        Assert.Equal(DicomImplementation.ClassUid, transcoded.FileMetaInformation.GetText(DicomFileMeta.ImplementationClassUid));
    }

    [Fact]
    public void GroupLengths_Present_AreRecomputedForTheTargetSyntax()
    {
        var ds = new DicomDataset();
        ds.Add(new DicomValueElement(new DicomTag(0x0008, 0x0000), DicomVR.UL, new byte[4]));
        ds.Add(DicomValueElement.FromAscii(new DicomTag(0x0008, 0x0060), DicomVR.CS, "CT"));
        ds.Add(new DicomValueElement(new DicomTag(0x0008, 0x1000), DicomVR.OB, new byte[2]));
        var file = new DicomFile(DicomFileMeta.Create("1.2", "1.3", DicomTransferSyntax.ExplicitVRLittleEndian), ds, DicomTransferSyntax.ExplicitVRLittleEndian);

        var explicitRead = DicomFileReader.Read(DicomFileWriter.ToBytes(file)).File;
        var implicitRead = DicomFileReader.Read(DicomFileWriter.ToBytes(file, DicomTransferSyntax.ImplicitVRLittleEndian)).File;

        Assert.True(explicitRead.Dataset.TryGetUInt32(new DicomTag(0x0008, 0x0000), out var explicitLength));
        Assert.True(implicitRead.Dataset.TryGetUInt32(new DicomTag(0x0008, 0x0000), out var implicitLength));
        Assert.Equal((8u + 2) + (12 + 2), explicitLength);
        Assert.Equal((8u + 2) + (8 + 2), implicitLength);
    }

    [Fact]
    public void ExplicitWrite_ShortVRValueOver64K_IsWrittenAsUN()
    {
        var ds = new DicomDataset();
        ds.Add(new DicomValueElement(new DicomTag(0x0011, 0x1010), DicomVR.US, new byte[70_000]));
        var file = new DicomFile(DicomFileMeta.Create("1.2", "1.3", DicomTransferSyntax.ImplicitVRLittleEndian), ds, DicomTransferSyntax.ImplicitVRLittleEndian);

        var read = DicomFileReader.Read(DicomFileWriter.ToBytes(file, DicomTransferSyntax.ExplicitVRLittleEndian)).File;

        var element = Assert.IsType<DicomValueElement>(read.Dataset[new DicomTag(0x0011, 0x1010)]);
        Assert.Equal(DicomVR.UN, element.VR);
        Assert.Equal(70_000, element.Length);
    }

    [Fact]
    public void Write_BigEndianTarget_IsNotSupported()
    {
        var file = SampleFiles.CtFile(DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Throws<NotSupportedException>(() => DicomFileWriter.ToBytes(file, DicomTransferSyntax.ExplicitVRBigEndian));
    }

    [Fact]
    public void Write_EncapsulatedToNative_IsNotSupported()
    {
        var file = DicomFileReader.Read(SampleFiles.EncapsulatedBytes()).File;

        Assert.Throws<NotSupportedException>(() => DicomFileWriter.ToBytes(file, DicomTransferSyntax.ExplicitVRLittleEndian));
    }

    /// <summary>
    /// Deflate output depends on how the compressor was fed, so deflated files are compared by
    /// their meta bytes and inflated dataset bytes; other syntaxes byte for byte.
    /// </summary>
    private static byte[] Inflated(byte[] file)
    {
        var read = DicomFileReader.Read(file).File;
        if (!read.TransferSyntax.IsDeflated)
        {
            return file;
        }

        var metaEnd = 132 + (int)DicomDatasetWriter.GetEncodedLength(read.FileMetaInformation, DicomTransferSyntax.ExplicitVRLittleEndian);
        using var inflater = new System.IO.Compression.DeflateStream(new MemoryStream(file, metaEnd, file.Length - metaEnd), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        output.Write(file, 0, metaEnd);
        inflater.CopyTo(output);
        return output.ToArray();
    }

    private static int ImplementationMetaDelta(DicomFile original, DicomFile back) =>
        (int)(DicomDatasetWriter.GetEncodedLength(back.FileMetaInformation, DicomTransferSyntax.ExplicitVRLittleEndian)
            - DicomDatasetWriter.GetEncodedLength(original.FileMetaInformation, DicomTransferSyntax.ExplicitVRLittleEndian));
}
