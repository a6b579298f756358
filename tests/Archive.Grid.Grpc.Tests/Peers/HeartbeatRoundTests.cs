using Archive.Grid.Grpc;
using Archive.Grid.Grpc.Client;
using Archive.Grid.Grpc.Peers;
using Archive.Grid.Grpc.Security;
using Archive.Grid.Map;
using Archive.Grid.Membership;
using Archive.Testing;
using Archive.Testing.Fakes;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Grpc.Tests.Peers;

public sealed class HeartbeatRoundTests : IDisposable
{
    private readonly string _spool = Path.Combine(Path.GetTempPath(), "archive-heartbeat-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task APeerThatStopsAnswering_IsLoggedDownOnce_WithWhyTheCallFailed()
    {
        // Down comes from silence: it may turn down between rounds, where "was it down before this call" never saw it
        // turn (sweep T: no node ever logged a peer down). Node 1's address has nothing listening.
        var map = MapBuilder.Build(1, 1, 2, 1);
        var local = map.Nodes[0].Id;
        var time = TimeProvider.System;
        // The deadline (SuspectAfter) leaves a refused connect time to say so on a loaded machine: at 100 ms, some calls
        // ended as DeadlineExceeded first and the reason did not name the refusal.
        var timing = new MembershipOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(50), SuspectAfter = TimeSpan.FromSeconds(2), DownAfter = TimeSpan.FromSeconds(2.5) };
        var membership = new MembershipTable(timing, time, local);
        var maps = new GridMapHolder(map);
        using var peers = new GrpcPeerConnector(
            new LocalNode(local, "c"), new InMemoryShardStore(), new InMemoryManifestReplica(() => false), new ClusterIdentity("c", "s"),
            new GrpcEdgeOptions { ClusterId = "c", ClusterSecret = "s", SpoolDirectory = _spool }, new PeerReports(time), time);
        var logged = new LoggedLines();
        var round = new HeartbeatRound(new LocalNode(local, "c"), maps, membership, timing, new PeerReports(time), new MapGossip(maps), new RefillRequests(), peers, new NoApplier(), time, logged);

        var until = DateTime.UtcNow + TimeSpan.FromSeconds(4);
        while (DateTime.UtcNow < until)
        {
            await round.RunAsync(CancellationToken.None);
            await Task.Delay(timing.HeartbeatInterval);
        }

        Assert.Equal(NodeHealth.Down, membership.HealthOf(map.Nodes[1].Id));
        var down = Assert.Single(logged.Lines, l => l.Contains("is down", StringComparison.Ordinal));
        Assert.Contains("Connection refused", down, StringComparison.Ordinal);
        Assert.Matches($"^last heartbeat from {local}: Unavailable: .*Connection refused", membership.LastFailureReason(map.Nodes[1].Id)); // what `status` shows
    }

    public void Dispose()
    {
        if (Directory.Exists(_spool))
        {
            Directory.Delete(_spool, recursive: true);
        }
    }

    private sealed class NoApplier : IGridMapApplier
    {
        public Task<MapApplyResult> ApplyAsync(GridMap map, CancellationToken cancellationToken) => Task.FromResult(new MapApplyResult(false, map.Epoch, "test"));
    }

    private sealed class LoggedLines : ILogger<HeartbeatRound>
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) => Lines.Enqueue(formatter(state, exception));
    }
}
