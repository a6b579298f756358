using Archive.Codec.Fixity;
using Archive.Service.Storing;

namespace Archive.Service.Tests.Storing;

public sealed class SpoolTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("spool-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(0, 1 << 20)]          // everything to disk
    [InlineData(4 << 20, 1 << 20)]    // the object outgrows its memory limit mid-way
    [InlineData(4 << 20, 64 << 20)]   // all in memory
    public async Task Append_ThenRead_GivesTheExactBytesAndTheirSha256(int memoryLimit, int length)
    {
        var budget = new SpoolBudget(64 << 20);
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        await using (var spool = new Spool(budget, memoryLimit, _directory))
        {
            for (int at = 0; at < length; at += 40_000)
            {
                await spool.AppendAsync(bytes.AsMemory(at, Math.Min(40_000, length - at)), CancellationToken.None);
            }

            Assert.Equal(length > memoryLimit, spool.OnDisk);
            Assert.Equal(Sha256Digest.Compute(bytes), spool.Digest());
            Assert.Equal(length, spool.Length);

            spool.Seek(123_457, SeekOrigin.Begin);
            var tail = new byte[length - 123_457];
            await spool.ReadExactlyAsync(tail);
            Assert.Equal(bytes.AsSpan(123_457).ToArray(), tail);
            Assert.Equal(0, await spool.ReadAsync(new byte[10]));
        }

        Assert.Equal(0, budget.UsedBytes);
        Assert.Empty(Directory.EnumerateFiles(_directory));
    }

    [Fact]
    public async Task Append_WhenTheNodeBudgetIsSpent_GoesToDiskAndReleasesWhatItHeld()
    {
        var budget = new SpoolBudget(256 * 1024);
        await using var first = new Spool(budget, 16 << 20, _directory);
        await first.AppendAsync(new byte[200_000], CancellationToken.None);
        Assert.False(first.OnDisk);

        await using var second = new Spool(budget, 16 << 20, _directory);
        await second.AppendAsync(new byte[200_000], CancellationToken.None);
        Assert.True(second.OnDisk);
        Assert.Single(Directory.EnumerateFiles(_directory, "*" + Spool.FileExtension));

        await first.DisposeAsync();
        Assert.Equal(0, budget.UsedBytes);
    }

    [Theory]
    [InlineData(1 << 20)] // in memory
    [InlineData(0)]       // in a file
    public async Task StreamWrites_WithoutHashing_AppendAndReadBackExact(int memoryLimit)
    {
        var budget = new SpoolBudget(64 << 20);
        var bytes = new byte[300_000];
        new Random(7).NextBytes(bytes);
        await using (var spool = new Spool(budget, memoryLimit, _directory, hashes: false))
        {
            Stream stream = spool;
            Assert.True(stream.CanWrite);
            await stream.WriteAsync(bytes.AsMemory(0, 100_000));
            await stream.WriteAsync(bytes, 100_000, 200_000);

            Assert.Equal(memoryLimit == 0, spool.OnDisk);
            Assert.Throws<InvalidOperationException>(() => spool.Digest());
            Assert.Throws<NotSupportedException>(() => stream.Write(bytes, 0, 1));
            spool.Seek(0, SeekOrigin.Begin);
            var back = new byte[bytes.Length];
            await spool.ReadExactlyAsync(back);
            Assert.Equal(bytes, back);
        }

        Assert.Equal(0, budget.UsedBytes);
        Assert.Empty(Directory.EnumerateFiles(_directory));
    }

    [Fact]
    public void RemoveAbandoned_DeletesOnlySpoolFiles_AndCreatesAMissingDirectory()
    {
        File.WriteAllText(Path.Combine(_directory, "left" + Spool.FileExtension), "x");
        File.WriteAllText(Path.Combine(_directory, "keep.txt"), "x");
        Spool.RemoveAbandoned(_directory);
        Assert.Equal(["keep.txt"], Directory.EnumerateFiles(_directory).Select(Path.GetFileName));

        var missing = Path.Combine(_directory, "new");
        Spool.RemoveAbandoned(missing);
        Assert.True(Directory.Exists(missing));
    }
}
