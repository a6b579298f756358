using System.Text.Json;
using System.Text.Json.Nodes;

namespace Archive.Cli.Tests.Grid;

[Collection(LocalGridCollection.Name)]
public sealed class ReadCommandTests(LocalGridFixture grid)
{
    [Fact]
    public async Task Status_RunningGrid_JsonCountsEveryNodeAndDisk()
    {
        var (code, output, error) = await grid.Run("status", "--json");
        Assert.True(code is ExitCodes.Ok or ExitCodes.Failed, error);
        var status = JsonDocument.Parse(output).RootElement;
        Assert.Equal("local", status.GetProperty("clusterId").GetString());
        Assert.Equal(3, status.GetProperty("nodes").GetProperty("total").GetInt32());
        Assert.Equal(3, status.GetProperty("nodes").GetProperty("up").GetInt32());
        Assert.Equal(6, status.GetProperty("disks").GetProperty("healthy").GetInt32());
        Assert.Equal(6, status.GetProperty("scrub").GetProperty("disks").GetInt32());
        Assert.Equal(0, status.GetProperty("scrub").GetProperty("overdueDisks").GetInt32());
        Assert.Equal(status.GetProperty("healthy").GetBoolean(), code == ExitCodes.Ok);
        Assert.Equal(status.GetProperty("healthy").GetBoolean(), status.GetProperty("problems").GetArrayLength() == 0);
    }

    [Fact]
    public async Task Status_Table_NamesHealthAndRepairBacklog()
    {
        var (_, output, _) = await grid.Run("status");
        Assert.Contains("repair backlog", output, StringComparison.Ordinal);
        Assert.Contains("3/3 up", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nodes_Json_ListsEveryMemberUpAndReachable()
    {
        var nodes = await grid.Json([ExitCodes.Ok], "nodes");
        Assert.Equal(grid.Cluster.Nodes.Select(n => n.Id).Order(), nodes.EnumerateArray().Select(n => n.GetProperty("id").GetString()!).Order());
        Assert.All(nodes.EnumerateArray(), n =>
        {
            Assert.Equal("up", n.GetProperty("health").GetString());
            Assert.True(n.GetProperty("reachable").GetBoolean());
            Assert.Equal(2, n.GetProperty("disks").GetInt32());
        });
    }

    [Fact]
    public async Task Disks_Json_ListsEveryDiskOfEveryNodeHealthy()
    {
        var disks = await grid.Json([ExitCodes.Ok], "disks");
        Assert.Equal(6, disks.GetArrayLength());

        // Each node's two disk directories share one filesystem here: status counts its free bytes once per node, not
        // once per directory (sweep O: 6x what df said). Measured apart, so within a margin for what was written meanwhile.
        var status = await grid.Json([ExitCodes.Ok, ExitCodes.Failed], "status");
        var perNode = disks.EnumerateArray().GroupBy(d => (d.GetProperty("node").GetString(), d.GetProperty("sharedFilesystem").GetString() ?? d.GetProperty("root").GetString()))
            .Sum(g => g.First().GetProperty("freeBytes").GetInt64());
        Assert.All(disks.EnumerateArray(), d => Assert.NotNull(d.GetProperty("sharedFilesystem").GetString()));
        Assert.InRange(status.GetProperty("disks").GetProperty("freeBytes").GetInt64(), perNode - (1L << 30), perNode + (1L << 30));
        Assert.All(disks.EnumerateArray(), d =>
        {
            Assert.Equal("healthy", d.GetProperty("state").GetString());
            Assert.Equal("none", d.GetProperty("refusal").GetString()); // an enum as the README says (sweep O: "None")
            Assert.Equal(32, d.GetProperty("diskId").GetString()!.Length);
            Assert.True(d.GetProperty("freeBytes").GetInt64() > 0);
        });
    }

    [Fact]
    public async Task CacheStats_Json_AnswersForEveryNode_WithTheFiguresItsMetricsShow()
    {
        var rows = await grid.Json([ExitCodes.Ok], "cache", "stats");
        Assert.Equal(3, rows.GetArrayLength());
        using var http = new HttpClient();
        foreach (var r in rows.EnumerateArray())
        {
            Assert.Equal(JsonValueKind.Null, r.GetProperty("error").ValueKind);
            Assert.True(r.GetProperty("capacityBytes").GetInt64() > 0);
            var node = grid.Cluster.Nodes.Single(n => n.Id == r.GetProperty("node").GetString());
            var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{node.HttpPort}/metrics"));
            Assert.Equal(Gauge(metrics, "archive_storage_cache_entries"), r.GetProperty("entries").GetInt64());
            Assert.Equal(Gauge(metrics, "archive_storage_cache_size_bytes"), r.GetProperty("bytes").GetInt64());
        }

        static long Gauge(string metrics, string name) => (long)double.Parse(
            metrics.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal)).Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("map", "show")]
    public async Task WrongSecret_IsAUsageError_NotAnUnreachableNode(params string[] command)
    {
        var (code, _, error) = await Network.NetworkCommandFixture.Run([.. command, "--node", grid.Entry.GrpcUrl, "--cluster", "local", "--secret", "not-the-secret"]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("PermissionDenied", error, StringComparison.Ordinal);
        Assert.Contains("check --cluster and --secret", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--secret", "")]
    [InlineData("--secret", "pässwörd-ü12")]
    [InlineData("--cluster", "")]
    public async Task Status_CredentialsNoRequestCanCarry_AreAUsageError_NotAStackTrace(string option, string value)
    {
        // Sweep Z2: an empty secret ended in an unhandled exception (exit 1), a non-ASCII one in a transport error (exit 4).
        var (code, _, error) = await Network.NetworkCommandFixture.Run("status", "--node", grid.Entry.GrpcUrl, option, value);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--cluster/--secret (or ARCHIVE_CLUSTER/ARCHIVE_SECRET): the cluster", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_NoNodeListening_ExitsUnreachable()
    {
        var port = Network.NetworkCommandFixture.FreePort();
        var (code, _, error) = await Network.NetworkCommandFixture.Run("status", "--node", $"http://127.0.0.1:{port}");
        Assert.Equal(ExitCodes.Unreachable, code);
        Assert.Contains($"nothing answers at http://127.0.0.1:{port}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_NodeResettingTheConnection_SaysItMayHaveStopped_NotThatItServesTls()
    {
        // Sweep H-3: a node killed under the call (a reset connection) was said to perhaps serve TLS.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var resetting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var socket = await listener.AcceptSocketAsync(stop.Token);
                await socket.ReceiveAsync(new byte[1024], System.Net.Sockets.SocketFlags.None, stop.Token);
                socket.LingerState = new System.Net.Sockets.LingerOption(true, 0); // close sends RST
                socket.Close();
            }
        });

        var (code, _, error) = await Network.NetworkCommandFixture.Run("status", "--node", $"http://127.0.0.1:{port}");
        await stop.CancelAsync();
        try
        {
            await resetting;
        }
        catch (OperationCanceledException)
        {
            // the listener stopped while waiting for the next connection
        }

        Assert.Equal(ExitCodes.Unreachable, code);
        Assert.Contains("reset the connection: it may have stopped or be restarting", error, StringComparison.Ordinal);
        Assert.DoesNotContain("TLS", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_HttpsToAPlainGrpcPort_SaysTheNodeDoesNotSpeakTlsThere()
    {
        // Sweep U: this blamed the CA (--ca or ARCHIVE_CA).
        var plain = grid.Entry.GrpcUrl.Replace("http://", "https://", StringComparison.Ordinal);
        var (code, _, error) = await Network.NetworkCommandFixture.Run("status", "--node", plain, "--cluster", "local", "--secret", "local-grid-secret");
        Assert.Equal(ExitCodes.Unreachable, code);
        Assert.Contains("does not speak TLS on that port", error, StringComparison.Ordinal);
        Assert.DoesNotContain("ARCHIVE_CA", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapDiff_RaisedEpochAndChangedWeight_ListsBothAndExitsOk()
    {
        var (code, mapJson, error) = await grid.Run("map", "show");
        Assert.True(code == ExitCodes.Ok, error);
        var map = JsonNode.Parse(mapJson)!.AsObject();
        var epoch = map["epoch"]!.GetValue<long>();
        map["epoch"] = epoch + 1;
        var disk = map["nodes"]![0]!["disks"]![0]!;
        var diskId = disk["id"]!.GetValue<string>();
        disk["weight"] = disk["weight"]!.GetValue<double>() + 1;
        var file = Path.Combine(Path.GetTempPath(), "cli-map-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, map.ToJsonString());
        try
        {
            var changes = await grid.Json([ExitCodes.Ok], "map", "diff", file);
            var list = changes.EnumerateArray().Select(c => (Kind: c.GetProperty("kind").GetString(), Change: c.GetProperty("change").GetString(), Subject: c.GetProperty("subject").GetString())).ToList();
            Assert.Contains(("epoch", "raised", "epoch"), list);
            Assert.Contains(list, c => c.Kind == "disk" && c.Change == "weight-changed" && c.Subject!.EndsWith(diskId, StringComparison.Ordinal));
            Assert.Equal(2, list.Count);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task MapDiff_SameMap_ExitsFailedBecauseTheEpochIsNotRaised()
    {
        var (_, mapJson, _) = await grid.Run("map", "show");
        var file = Path.Combine(Path.GetTempPath(), "cli-map-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, mapJson);
        try
        {
            var changes = await grid.Json([ExitCodes.Failed], "map", "diff", file);
            var only = Assert.Single(changes.EnumerateArray());
            Assert.Equal("not-raised", only.GetProperty("change").GetString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Studies_UnknownPatient_ExitsFailedWithNoStudies()
    {
        var reply = await grid.Json([ExitCodes.Failed], "studies", "NO-SUCH-PATIENT-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(0, reply.GetProperty("studies").GetArrayLength());
        Assert.False(reply.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task Objects_WildcardUid_ExitsUsage()
    {
        var (code, _, error) = await grid.Run("objects", "1.2.*");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("is not a UID", error, StringComparison.Ordinal);

        // Sweep O: a UID with letters exited 1 ("nothing found"), its help says 2; verify's too.
        foreach (var args in new[] { new[] { "objects", "not-a-uid" }, ["verify", "bad uid!"], ["verify", "1.2.3", "--study", "x"] })
        {
            (code, _, error) = await grid.Run(args);
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("is not a UID", error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("status", "--bogus")]
    [InlineData("status", "--json", "--node")]
    [InlineData("export")]
    public async Task UsageError_ExitsTwo_NotOneWhichMeansAProblemFound(params string[] args)
    {
        Assert.Equal(ExitCodes.Usage, await Program.Main(args));
    }

    [Fact]
    public void EveryOperatorCommand_HasExamplesInItsHelp()
    {
        var root = Program.BuildRoot();
        string[][] paths = [["status"], ["nodes"], ["disks"], ["studies"], ["objects"], ["cache", "stats"], ["map", "diff"], ["import"], ["export"]];
        foreach (var path in paths)
        {
            System.CommandLine.Command command = root;
            foreach (var name in path)
            {
                command = command.Subcommands.Single(c => c.Name == name);
            }

            Assert.Contains("Examples:", command.Description, StringComparison.Ordinal);
            Assert.Contains("Exit codes:", command.Description, StringComparison.Ordinal);
        }
    }
}
