using Archive.Grid.Coding;
using Archive.Grid.Diagnostics;
using Archive.Grid.Reading;
using Archive.Grid.Writing;
using Archive.Testing.Diagnostics;
using Archive.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using static Archive.Grid.Tests.Writing.GridRoundTripTests;

namespace Archive.Grid.Tests.Diagnostics;

public sealed class CodecMetricsTests
{
    [Fact]
    public async Task WriteThenDegradedRead_OneDataShardLost_EncodeCountsTheDataShardsReconstructCountsTheLostOne()
    {
        using var grid = new FakeGrid(6);
        using var factory = new TestMeterFactory();
        var metrics = new GridMetrics(factory);
        using var measured = new MeasurementRecorder(factory);
        using var codecs = new CodecPool();
        var writer = new GridWriter(grid.Maps, grid, grid.Membership, grid.Repairs, codecs, new GridWriteOptions { Compress = false }, TimeProvider.System, NullLogger<GridWriter>.Instance, metrics: metrics);
        var reader = new GridReader(grid.Maps, grid, grid.Membership, grid.Repairs, codecs, new GridReadOptions(), TimeProvider.System, NullLogger<GridReader>.Instance, metrics);

        var content = Content(80_000, compressible: false, seed: 5);
        using (var source = new MemoryStream(content))
        {
            Assert.True((await writer.WriteAsync(new GridWriteRequest("1.90", "study-1", source, "attrs"u8.ToArray()))).IsSuccess);
        }

        var manifest = (await reader.ReadAsync("study-1", "1.90", Stream.Null)).Manifest!;
        var part = Assert.Single(manifest.Parts);
        var shardLength = measured["archive.codec.bytes|encode|write"] / manifest.DataShards;
        Assert.True(shardLength * manifest.DataShards >= content.Length);
        Assert.False(measured.Has("archive.codec.bytes|reconstruct|read"));

        grid.Kill(part.Shards[1].NodeId);
        using var restored = new MemoryStream();
        Assert.True((await reader.ReadAsync("study-1", "1.90", restored)).IsSuccess);
        Assert.Equal(content, restored.ToArray());
        Assert.Equal(shardLength, measured["archive.codec.bytes|reconstruct|read"]);
        Assert.True(measured.Double("archive.codec.seconds|encode|write") > 0);
        Assert.True(measured.Double("archive.codec.seconds|reconstruct|read") > 0);
    }

    [Fact]
    public async Task WriteTwice_TheSameBytes_TheDuplicateCountsAsAWriteButNoBytesStored()
    {
        using var grid = new FakeGrid(6);
        using var factory = new TestMeterFactory();
        using var measured = new MeasurementRecorder(factory);
        using var codecs = new CodecPool();
        var writer = new GridWriter(grid.Maps, grid, grid.Membership, grid.Repairs, codecs, new GridWriteOptions(), TimeProvider.System, NullLogger<GridWriter>.Instance, metrics: new GridMetrics(factory));
        var content = Content(50_000, compressible: false, seed: 6);
        foreach (var expected in new[] { GridWriteStatus.Stored, GridWriteStatus.Duplicate })
        {
            using var source = new MemoryStream(content);
            Assert.Equal(expected, (await writer.WriteAsync(new GridWriteRequest("1.91", "study-2", source, "attrs"u8.ToArray()))).Status);
        }

        Assert.Equal((1, 1), (measured["archive.grid.writes|stored"], measured["archive.grid.writes|duplicate"]));
        Assert.Equal(content.Length, measured.Total("archive.grid.write.bytes")); // sweep M: the duplicate's length was counted too
    }
}
