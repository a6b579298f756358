using System.Diagnostics.Metrics;
using Archive.Grid.Coding;
using Archive.Grid.Diagnostics;
using Archive.Grid.Reading;
using Archive.Grid.Writing;
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
        var bytes = new Dictionary<string, long>();
        var seconds = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GridMetrics.MeterName && instrument.Name.StartsWith("archive.codec.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => bytes[Key(tags)] = bytes.GetValueOrDefault(Key(tags)) + value);
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) => seconds[Key(tags)] = seconds.GetValueOrDefault(Key(tags)) + value);
        listener.Start();
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
        var shardLength = bytes["encode|write"] / manifest.DataShards;
        Assert.True(shardLength * manifest.DataShards >= content.Length);
        Assert.False(bytes.ContainsKey("reconstruct|read"));

        grid.Kill(part.Shards[1].NodeId);
        using var restored = new MemoryStream();
        Assert.True((await reader.ReadAsync("study-1", "1.90", restored)).IsSuccess);
        Assert.Equal(content, restored.ToArray());
        Assert.Equal(shardLength, bytes["reconstruct|read"]);
        Assert.True(seconds["encode|write"] > 0);
        Assert.True(seconds["reconstruct|read"] > 0);
    }

    private static string Key(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string op = string.Empty, path = string.Empty;
        foreach (var tag in tags)
        {
            if (tag.Key == "op")
            {
                op = (string)tag.Value!;
            }
            else if (tag.Key == "path")
            {
                path = (string)tag.Value!;
            }
        }

        return op + "|" + path;
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}
