using Archive.Node.Maintenance;

namespace Archive.Node.Tests.Maintenance;

public sealed class ScrubPauseFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "scrub-pause-" + Guid.NewGuid().ToString("N"));

    private string FilePath => Path.Combine(_directory, "scrub-control");

    [Fact]
    public void Load_NoFile_IsNotPaused()
    {
        Assert.False(new ScrubPauseFile(FilePath).Load());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Save_ThenLoad_RoundTrips(bool paused)
    {
        new ScrubPauseFile(FilePath).Save(paused);

        Assert.Equal(paused, new ScrubPauseFile(FilePath).Load());
        Assert.False(File.Exists(FilePath + ".tmp"));
    }

    [Fact]
    public void Save_Paused_WritesTheFrozenVersion10Format()
    {
        new ScrubPauseFile(FilePath).Save(paused: true);

        Assert.Equal("archive-scrub-control 1.0\npaused=true\n", File.ReadAllText(FilePath));
    }

    [Theory]
    [InlineData("archive-scrub-control 1.0\npaused=true\n", true)]
    [InlineData("archive-scrub-control 1.0\npaused=false\n", false)]
    [InlineData("archive-scrub-control 1.3\nsince=1700000000000\npaused=true\n", true)]
    public void Load_GoldenFiles_Decode(string text, bool paused)
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(FilePath, text);

        Assert.Equal(paused, new ScrubPauseFile(FilePath).Load());
    }

    [Theory]
    [InlineData("")]
    [InlineData("archive-scrub-progress 1.0\npaused=true\n")]
    [InlineData("archive-scrub-control 2.0\npaused=true\n")]
    [InlineData("archive-scrub-control 1.0\npaused=yes\n")]
    [InlineData("archive-scrub-control 1.0\n")]
    public void Load_Unreadable_IsNull(string text)
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(FilePath, text);

        Assert.Null(new ScrubPauseFile(FilePath).Load());
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
