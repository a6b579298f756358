using Archive.Grid.Map;
using Archive.Node.Maps;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Node.Tests.Maps;

public sealed class GridMapFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gridmapfile-" + Guid.NewGuid().ToString("N"));

    private static GridMap Map(long epoch, string cluster = "local") =>
        GridMapFactory.Create(cluster, [GridMapFactoryTests.Node("node-1", 6)], "ec-4-2", "rep-3", 65536) with { Epoch = epoch };

    [Fact]
    public async Task Apply_NewerEpoch_PersistedThenSwappedIn()
    {
        var path = Path.Combine(_directory, "grid-map.json");
        var holder = new GridMapHolder(Map(1));
        var file = new GridMapFile(path, holder, NullLogger<GridMapFile>.Instance);

        var result = await file.ApplyAsync(Map(2), CancellationToken.None);

        Assert.True(result.Applied);
        Assert.Equal(2, holder.Current.Epoch);
        Assert.Equal(2, GridMapJson.Load(path).Epoch);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public async Task Apply_SameOrOlderEpoch_RefusedAndFileUntouched()
    {
        var path = Path.Combine(_directory, "grid-map.json");
        GridMapFile.Write(path, Map(5));
        var holder = new GridMapHolder(Map(5));
        var file = new GridMapFile(path, holder, NullLogger<GridMapFile>.Instance);

        var result = await file.ApplyAsync(Map(5), CancellationToken.None);

        Assert.False(result.Applied);
        Assert.Equal(5, result.Epoch);
        Assert.Equal(5, GridMapJson.Load(path).Epoch);
    }

    [Fact]
    public async Task Apply_OtherCluster_Refused()
    {
        var holder = new GridMapHolder(Map(1));
        var file = new GridMapFile(Path.Combine(_directory, "m.json"), holder, NullLogger<GridMapFile>.Instance);

        var result = await file.ApplyAsync(Map(9, cluster: "elsewhere"), CancellationToken.None);

        Assert.False(result.Applied);
        Assert.Equal(1, holder.Current.Epoch);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
