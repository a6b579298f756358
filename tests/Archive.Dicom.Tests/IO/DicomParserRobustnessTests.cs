using System.Diagnostics;
using Archive.Dicom.IO;
using Archive.Dicom.Model;
using Archive.Dicom.Tests.Support;

namespace Archive.Dicom.Tests.IO;

/// <summary>Every prefix, random corruption and hostile lengths: only <see cref="DicomParseException"/>, never a hang or a big allocation.</summary>
public class DicomParserRobustnessTests
{
    public static TheoryData<string> Inputs => new() { "implicit", "explicit", "deflated", "encapsulated", "bigendian" };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Read_EveryPrefix_SucceedsOrThrowsTyped(string kind)
    {
        var bytes = Input(kind);

        for (var length = 0; length < bytes.Length; length++)
        {
            var outcome = Outcome(bytes.AsMemory(0, length));
            Assert.True(outcome is "ok" or "typed", $"prefix {length}: {outcome}");
        }
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task ReadAsync_EveryPrefixOfStream_SucceedsOrThrowsTyped(string kind)
    {
        var bytes = Input(kind);

        for (var length = 0; length < bytes.Length; length += 3)
        {
            try
            {
                using var stream = new NonSeekableStream(bytes.AsMemory(0, length));
                await DicomFileReader.ReadStreamAsync(stream, DicomReaderOptions.Default with { ReadBufferSize = 64 });
            }
            catch (DicomParseException)
            {
            }
        }
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Read_RandomCorruption_OnlyTypedErrorsWithinTimeBound(string kind)
    {
        var bytes = Input(kind);
        var random = new Random(20240131);
        for (var round = 0; round < 2000; round++)
        {
            var corrupt = (byte[])bytes.Clone();
            var flips = random.Next(1, 8);
            for (var i = 0; i < flips; i++)
            {
                corrupt[random.Next(corrupt.Length)] = (byte)random.Next(256);
            }

            var watch = Stopwatch.StartNew();
            var outcome = Outcome(corrupt);
            Assert.True(outcome is "ok" or "typed", $"round {round}: {outcome}");
            if (watch.ElapsedMilliseconds >= 2000)
            {
                // A hang guard, not a speed goal: a round that stalled with the machine is timed once more,
                // and only an input that is slow again (a parser loop, not the scheduler) fails.
                watch.Restart();
                Outcome(corrupt);
                Assert.True(watch.ElapsedMilliseconds < 2000, $"round {round} took {watch.ElapsedMilliseconds} ms twice");
            }
        }
    }

    [Fact]
    public void Read_HugeDeclaredLength_ThrowsBeforeAllocating()
    {
        var bytes = new RawBuilder().Preamble().Meta(DicomTransferSyntax.ExplicitVRLittleEndian.Uid)
            .Header(0x7FE0, 0x0010, "OB", 0xFFFFFFF0).ToArray();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DicomParseException>(() => DicomFileReader.Read(bytes));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(DicomParseError.ElementTooLong, error.Error);
        Assert.Equal(DicomTag.PixelData, error.Tag);
        Assert.Equal(bytes.Length - 12, error.Offset);
        Assert.True(allocated < 1_000_000, $"allocated {allocated}");
    }

    [Fact]
    public void Read_LengthPastEndOfInput_ThrowsLengthExceedsContainer()
    {
        var bytes = new RawBuilder().Preamble().Meta(DicomTransferSyntax.ExplicitVRLittleEndian.Uid)
            .Header(0x0010, 0x0010, "PN", 100).ToArray();

        var error = Assert.Throws<DicomParseException>(() => DicomFileReader.Read(bytes));

        Assert.Equal(DicomParseError.LengthExceedsContainer, error.Error);
    }

    [Fact]
    public void Read_ElementLongerThanItsItem_ThrowsLengthExceedsContainer()
    {
        var bytes = new RawBuilder().Preamble().Meta(DicomTransferSyntax.ExplicitVRLittleEndian.Uid)
            .Header(0x0008, 0x1140, "SQ", 0xFFFFFFFF).Item(10).Text(0x0008, 0x1150, "UI", "1.2.3.4\0").SequenceEnd().ToArray();

        var error = Assert.Throws<DicomParseException>(() => DicomFileReader.Read(bytes));

        Assert.Equal(DicomParseError.LengthExceedsContainer, error.Error);
        Assert.Equal(new DicomTag(0x0008, 0x1150), error.Tag);
    }

    [Fact]
    public void Read_NestingDeeperThanLimit_ThrowsNestingTooDeep()
    {
        var builder = new RawBuilder().Preamble().Meta(DicomTransferSyntax.ExplicitVRLittleEndian.Uid);
        for (var i = 0; i < 5; i++)
        {
            builder.Header(0x0008, 0x1140, "SQ", 0xFFFFFFFF).Item();
        }

        var error = Assert.Throws<DicomParseException>(() => DicomFileReader.Read(builder.ToArray(), DicomReaderOptions.Default with { MaxDepth = 4 }));

        Assert.Equal(DicomParseError.NestingTooDeep, error.Error);
    }

    [Fact]
    public void Read_MoreItemsThanLimit_ThrowsTooManyItems()
    {
        var builder = new RawBuilder().Preamble().Meta(DicomTransferSyntax.ExplicitVRLittleEndian.Uid).Header(0x0008, 0x1140, "SQ", 0xFFFFFFFF);
        for (var i = 0; i < 4; i++)
        {
            builder.Item(0);
        }

        var error = Assert.Throws<DicomParseException>(() => DicomFileReader.Read(builder.SequenceEnd().ToArray(), DicomReaderOptions.Default with { MaxItems = 3 }));

        Assert.Equal(DicomParseError.TooManyItems, error.Error);
    }

    [Fact]
    public void Read_InvalidExplicitVR_ThrowsInvalidVRWithOffset()
    {
        var good = new RawBuilder().Preamble().Meta(DicomTransferSyntax.ExplicitVRLittleEndian.Uid).ToArray();
        var bytes = new RawBuilder().Bytes(good).Text(0x0010, 0x0010, "ZZ", "AB").ToArray();

        var error = Assert.Throws<DicomParseException>(() => DicomFileReader.Read(bytes));

        Assert.Equal(DicomParseError.InvalidVR, error.Error);
        Assert.Equal(good.Length, error.Offset);
        Assert.Equal(new DicomTag(0x0010, 0x0010), error.Tag);
    }

    [Fact]
    public void Read_DuplicateTag_ThrowsDuplicateTag()
    {
        var bytes = new RawBuilder().Preamble().Meta(DicomTransferSyntax.ExplicitVRLittleEndian.Uid)
            .Text(0x0010, 0x0010, "PN", "AB").Text(0x0010, 0x0010, "PN", "CD").ToArray();

        Assert.Equal(DicomParseError.DuplicateTag, Assert.Throws<DicomParseException>(() => DicomFileReader.Read(bytes)).Error);
    }

    [Fact]
    public void Read_TextFile_ThrowsNotDicom()
    {
        Assert.Equal(DicomParseError.NotDicom, Assert.Throws<DicomParseException>(() => DicomFileReader.Read("hello, world, this is not DICOM"u8.ToArray())).Error);
    }

    [Fact]
    public void Read_CorruptDeflateStream_ThrowsInvalidDeflateStream()
    {
        var bytes = new RawBuilder().Preamble().Meta(DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid).Bytes([0xFF, 0xFF, 0xFF, 0xFF, 0xFF]).ToArray();

        Assert.Equal(DicomParseError.InvalidDeflateStream, Assert.Throws<DicomParseException>(() => DicomFileReader.Read(bytes)).Error);
    }

    internal static string Outcome(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            DicomFileReader.Read(bytes, DicomReaderOptions.Default with { MaxInflatedLength = 16 << 20 });
            return "ok";
        }
        catch (DicomParseException)
        {
            return "typed";
        }
        catch (Exception e)
        {
            return e.ToString();
        }
    }

    private static byte[] Input(string kind) => kind switch
    {
        "implicit" => SampleFiles.CtBytes(DicomTransferSyntax.ImplicitVRLittleEndian),
        "explicit" => SampleFiles.CtBytes(DicomTransferSyntax.ExplicitVRLittleEndian),
        "deflated" => SampleFiles.CtBytes(DicomTransferSyntax.DeflatedExplicitVRLittleEndian),
        "encapsulated" => SampleFiles.EncapsulatedBytes(),
        _ => new RawBuilder().Preamble().Meta(DicomTransferSyntax.ExplicitVRBigEndian.Uid)
            .Bytes(new RawBuilder(bigEndian: true).Text(0x0008, 0x0060, "CS", "MR").Header(0x0008, 0x1140, "SQ", 0xFFFFFFFF).Item(10)
                .Element(0x0028, 0x0010, "US", [1, 2]).SequenceEnd().Element(0x7FE0, 0x0010, "OW", [1, 2, 3, 4]).ToArray()).ToArray(),
    };
}
