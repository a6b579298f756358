using System.Text.RegularExpressions;
using Archive.Grid.Grpc;
using Archive.Grid.Grpc.Client;
using Archive.Grid.Grpc.Security;
using Archive.Testing.Dcmtk;
using Archive.Tools.LocalGrid;

namespace Archive.Integration.Tests.Metrics;

/// <summary>
/// Scrapes /metrics of real archive-node processes (a 3-node rep-3 grid) after a C-ECHO and an
/// object written and read back, and checks the exposition with <c>promtool check metrics</c>.
/// PROBE is not registered (the local grid accepts any caller): as one of the first unregistered
/// titles it keeps its name in the calling_ae label.
/// </summary>
public sealed partial class MetricsScrapeTests
{
    [PromtoolFact]
    public async Task Metrics_ThreeNodeGrid_ConventionalNamesAndPromtoolClean()
    {
        var directory = Path.Combine(Path.GetTempPath(), "archive-it", "metrics-" + Guid.NewGuid().ToString("N")[..8]);
        var cluster = await LocalGridCluster.UpAsync(new LocalGridOptions
        {
            Nodes = 3,
            StorageClass = "rep-3",
            SmallClass = "rep-3",
            DisksPerNode = 1,
            Directory = directory,
            NodeBinary = NodeBinary(),
            Settings = new Dictionary<string, string>
            {
                ["Membership:HeartbeatInterval"] = "00:00:00.500",
                ["Logging:LogLevel:Default"] = "Warning",
            },
        });
        try
        {
            var node = cluster.Nodes[0];
            using (var channel = new PeerChannel(node.Id, node.GrpcUrl, new ClusterIdentity("local", "local-grid-secret"), new GrpcEdgeOptions { ClusterId = "local", ClusterSecret = "local-grid-secret", SpoolDirectory = Path.GetTempPath(), CallTimeout = TimeSpan.FromSeconds(60) }, TimeProvider.System))
            {
                var client = new ObjectClient(channel);
                var bytes = new byte[100_000];
                new Random(9).NextBytes(bytes);
                await client.PutAsync("1.2.826.0.1.metrics.study", "1.2.826.0.1.metrics.1", new MemoryStream(bytes), bytes.Length, ReadOnlyMemory<byte>.Empty);
                await client.GetAsync("1.2.826.0.1.metrics.study", "1.2.826.0.1.metrics.1", Stream.Null);
            }

            var echo = await DcmtkTool.RunAsync("echoscu", ["-aet", "PROBE", "-aec", node.DicomAe, "127.0.0.1", node.DicomPort.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(30));
            Assert.True(echo.ExitCode == 0, echo.Output);

            using var http = new HttpClient();
            var text = string.Empty;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            // Disk usage is measured in the background after the first scrape asks for it.
            while (DateTime.UtcNow < deadline && !(text.Contains("archive_membership_peer_up{peer=\"node-2\"} 1", StringComparison.Ordinal) && text.Contains("archive_membership_peer_up{peer=\"node-3\"} 1", StringComparison.Ordinal) && DiskShards().IsMatch(text)))
            {
                await Task.Delay(250);
                text = await http.GetStringAsync(node.HttpUrl + "/metrics");
            }

            Assert.Contains("archive_membership_peer_up{peer=\"node-3\"} 1", text, StringComparison.Ordinal);
            Assert.Contains("archive_dicom_operations_total{calling_ae=\"PROBE\",service=\"C-ECHO\",status=\"success\"} 1", text, StringComparison.Ordinal);
            Assert.Contains("archive_dicom_associations_total{calling_ae=\"PROBE\"} 1", text, StringComparison.Ordinal);
            Assert.Contains("archive_dicom_operation_duration_seconds_bucket{service=\"C-ECHO\",le=", text, StringComparison.Ordinal);
            Assert.Contains("archive_grid_reads_total{status=\"ok\"} 1", text, StringComparison.Ordinal);
            Assert.Contains("archive_grid_read_bytes_total 100000", text, StringComparison.Ordinal);
            Assert.Contains("archive_grid_writes_total{status=\"stored\"} 1", text, StringComparison.Ordinal);
            Assert.Contains("archive_grid_write_bytes_total 100000", text, StringComparison.Ordinal);
            Assert.Contains("archive_grid_write_duration_seconds_bucket{le=", text, StringComparison.Ordinal);
            Assert.Matches(DiskUp(), text);
            Assert.Matches(DiskNotFull(), text);
            Assert.Matches(DiskShards(), text);
            Assert.Matches(DiskUsedBytes(), text);
            Assert.Contains("archive_membership_peer_down{peer=\"node-3\"} 0", text, StringComparison.Ordinal);
            Assert.Contains("archive_codec_bytes_total{op=\"encode\",path=\"write\"} ", text, StringComparison.Ordinal);
            Assert.Contains("archive_codec_seconds_total{op=\"encode\",path=\"write\"} ", text, StringComparison.Ordinal);
            Assert.Contains("archive_storage_cache_size_bytes ", text, StringComparison.Ordinal);
            Assert.Contains("archive_storage_cache_hits_total 0", text, StringComparison.Ordinal); // exported before the first lookup
            Assert.Contains("archive_storage_cache_misses_total 0", text, StringComparison.Ordinal);
            Assert.Contains("archive_storage_cache_evictions_total 0", text, StringComparison.Ordinal);
            Assert.Contains("archive_node_ready 1", text, StringComparison.Ordinal);
            Assert.Contains("# TYPE archive_storage_puts_total counter", text, StringComparison.Ordinal);
            Assert.Contains("# TYPE archive_storage_commit_duration_seconds histogram", text, StringComparison.Ordinal);
            Assert.Contains("process_cpu_seconds_total", text, StringComparison.Ordinal);
            Assert.DoesNotContain("archive_storage_archive_storage", text, StringComparison.Ordinal);
            Assert.DoesNotContain("_total_total", text, StringComparison.Ordinal);

            var (code, lint) = await Promtool.RunAsync(text, "check", "metrics");
            Assert.True(code == 0 && lint.Trim().Length == 0, "promtool check metrics:\n" + lint);

            var ready = await http.GetAsync(node.HttpUrl + "/readyz");
            Assert.True(ready.IsSuccessStatusCode, await ready.Content.ReadAsStringAsync());
            Assert.Contains("dicom ok", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await cluster.DownAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    [GeneratedRegex("""archive_disk_up\{disk="[^"]+"\} 1""")]
    private static partial Regex DiskUp();

    [GeneratedRegex("""archive_disk_full\{disk="[^"]+"\} 0""")]
    private static partial Regex DiskNotFull();

    [GeneratedRegex("""archive_disk_shards\{disk="[^"]+"\} [1-9]""")]
    private static partial Regex DiskShards();

    [GeneratedRegex("""archive_disk_used_bytes\{disk="[^"]+"\} [1-9]""")]
    private static partial Regex DiskUsedBytes();

    private static string NodeBinary()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var binary = Path.Combine(Promtool.RepositoryRoot(), "src", "Archive.Node", "bin", configuration, "net10.0", "archive-node");
        return File.Exists(binary) ? binary : throw new FileNotFoundException("build src/Archive.Node first", binary);
    }
}
