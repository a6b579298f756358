using Archive.Grid.Scrub;
using Archive.Node.Hosting;
using Archive.Storage.Primitives;

namespace Archive.Node.Tests.Hosting;

public sealed class ScrubProgressFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "scrub-progress-" + Guid.NewGuid().ToString("N"));

    private string FilePath => Path.Combine(_directory, "scrub-progress");

    [Fact]
    public void Load_NoFile_IsInitial()
    {
        Assert.Equal(ScrubProgress.Initial, new ScrubProgressFile(FilePath).Load());
    }

    [Fact]
    public void Save_ThenLoad_RoundTrips()
    {
        var progress = new ScrubProgress(
            DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123),
            new ShardKey(new ObjectKey(new ObjectId(0x0123456789abcdef, 42), 7), 5),
            DateTimeOffset.FromUnixTimeMilliseconds(1_600_000_000_000),
            null);

        new ScrubProgressFile(FilePath).Save(progress);

        Assert.Equal(progress, new ScrubProgressFile(FilePath).Load());
    }

    [Fact]
    public void Load_GoldenVersion10_Decodes()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(FilePath, "archive-scrub-progress 1.0\npass-started=1000\ncursor=0000000000000001000000000000000a/3/2\nlast-started=500\nlast-completed=900\n");

        var loaded = new ScrubProgressFile(FilePath).Load();

        Assert.Equal(new ScrubProgress(DateTimeOffset.FromUnixTimeMilliseconds(1000), new ShardKey(new ObjectKey(new ObjectId(1, 10), 3), 2), DateTimeOffset.FromUnixTimeMilliseconds(500), DateTimeOffset.FromUnixTimeMilliseconds(900)), loaded);
    }

    [Fact]
    public void Load_Malformed_StartsOverFromInitial()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(FilePath, "archive-scrub-progress 1.0\ncursor=zz/1/1\n");

        Assert.Equal(ScrubProgress.Initial, new ScrubProgressFile(FilePath).Load());
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
