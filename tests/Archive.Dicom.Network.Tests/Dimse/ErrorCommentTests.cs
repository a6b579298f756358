using Archive.Dicom.Network.Dimse;

namespace Archive.Dicom.Network.Tests.Dimse;

/// <summary>
/// An Error Comment on the wire is one LO value of at most 64 characters: longer ones are cut at a word and marked,
/// never mid-word, whoever made the response; a backslash would split it into two values.
/// </summary>
public sealed class ErrorCommentTests
{
    [Fact]
    public void Encode_LongComment_CutAtAWordAndMarked()
    {
        var sent = RoundTrip("catalog incomplete: 3 of 12 partitions could not answer (more than m nodes unreachable)");
        Assert.Equal("catalog incomplete: 3 of 12 partitions could not answer...", sent);
        Assert.True(sent!.Length <= 64);

        // Sweep N: a C-FIND refusal's detail arrived cut mid-word ("... not PATIENT, STUD").
        Assert.Equal("Query/Retrieve Level (0008,0052) is missing or not PATIENT...", RoundTrip("Query/Retrieve Level (0008,0052) is missing or not PATIENT, STUDY, SERIES or IMAGE"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("calling AE may not store")]
    public void Encode_ShortComment_Unchanged(string? comment) => Assert.Equal(comment ?? string.Empty, RoundTrip(comment) ?? string.Empty);

    [Fact]
    public void Encode_OneLongWord_CutAtTheLimit() => Assert.Equal(new string('x', 61) + "...", RoundTrip(new string('x', 100)));

    [Fact]
    public void Encode_Backslash_StaysOneValue() => Assert.Equal("StudyDate 20200101/20200102 is not a date range", RoundTrip("StudyDate 20200101\\20200102 is not a date range"));

    private static string? RoundTrip(string? comment)
    {
        var response = new DimseCommand { CommandField = DimseCommandField.CFindResponse, MessageIdBeingRespondedTo = 1, Status = new DimseStatus(0xC000), CommandDataSetType = DimseCommand.NoDataSet, ErrorComment = comment };
        return CommandSetCodec.Decode(new System.Buffers.ReadOnlySequence<byte>(CommandSetCodec.Encode(response))).ErrorComment?.TrimEnd(' ');
    }
}
