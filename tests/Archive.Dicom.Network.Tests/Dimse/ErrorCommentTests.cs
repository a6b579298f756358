using Archive.Dicom.Network.Dimse;

namespace Archive.Dicom.Network.Tests.Dimse;

/// <summary>An Error Comment longer than its 64 characters is cut at a word and marked, never mid-word.</summary>
public sealed class ErrorCommentTests
{
    [Fact]
    public void FitErrorComment_Long_CutAtAWordAndMarked()
    {
        var fitted = DimseResponder.FitErrorComment("catalog incomplete: 3 of 12 partitions could not answer (more than m nodes unreachable)");
        Assert.Equal("catalog incomplete: 3 of 12 partitions could not answer...", fitted);
        Assert.True(fitted!.Length <= 64);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("calling AE may not store")]
    public void FitErrorComment_Short_Unchanged(string? comment) => Assert.Equal(comment, DimseResponder.FitErrorComment(comment));

    [Fact]
    public void FitErrorComment_OneLongWord_CutAtTheLimit() =>
        Assert.Equal(new string('x', 61) + "...", DimseResponder.FitErrorComment(new string('x', 100)));
}
