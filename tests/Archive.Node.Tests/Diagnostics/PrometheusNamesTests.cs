using Archive.Node.Diagnostics;

namespace Archive.Node.Tests.Diagnostics;

public sealed class PrometheusNamesTests
{
    [Theory]
    [InlineData("archive.storage.puts", "{shard}", true, "archive_storage_puts_total")]
    [InlineData("archive.storage.put.bytes", "By", true, "archive_storage_put_bytes_total")]
    [InlineData("archive.storage.commit.duration", "s", false, "archive_storage_commit_duration_seconds")]
    [InlineData("archive.repair.queue.items", "{item}", false, "archive_repair_queue_items")]
    [InlineData("archive.disk.free.bytes", "By", false, "archive_disk_free_bytes")]
    [InlineData("grid.reads", "{object}", true, "archive_grid_reads_total")]
    [InlineData("archive.node.ready", "1", false, "archive_node_ready")]
    public void For_Instrument_FollowsPrometheusConventions(string instrument, string unit, bool counter, string expected) =>
        Assert.Equal(expected, PrometheusNames.For(instrument, unit, counter));

    [Fact]
    public void For_NonBaseUnit_IsRefused() => Assert.Throws<ArgumentException>(() => PrometheusNames.For("archive.x.duration", "ms", isCounter: false));

    [Fact]
    public void Label_DottedTag_BecomesUnderscored() => Assert.Equal("calling_ae", PrometheusNames.Label("calling.ae"));
}
