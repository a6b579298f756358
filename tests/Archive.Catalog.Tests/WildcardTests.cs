using Archive.Catalog.Matching;

namespace Archive.Catalog.Tests;

public sealed class WildcardTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("A*", "ABC", true)]
    [InlineData("A?C", "ABC", true)]
    [InlineData("A?C", "AC", false)]
    [InlineData("*B*", "ABC", true)]
    [InlineData("*X", "ABC", false)]
    [InlineData("**", "x", true)]
    public void Matches_Table(string pattern, string text, bool expected) => Assert.Equal(expected, Wildcard.Matches(pattern, text));

    [Fact]
    public void Matches_HostilePattern_IsLinear()
    {
        var pattern = string.Concat(Enumerable.Repeat("*a", 200)) + "b";
        var text = new string('a', 10_000);
        Assert.False(Wildcard.Matches(pattern, text));
    }
}
