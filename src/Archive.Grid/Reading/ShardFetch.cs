using Archive.Grid.Coding;
using Archive.Grid.Manifests;
using Archive.Grid.Map;
using Archive.Grid.Membership;
using Archive.Grid.Peers;
using Archive.Storage.Primitives;
using Archive.Storage.Store;

namespace Archive.Grid.Reading;

/// <summary>
/// Fetches k good shards of one part into <see cref="ShardSet"/> buffers: data shards on healthy
/// nodes first, then parity; a read still pending after <see cref="GridReadOptions.HedgeAfter"/>
/// gets a parity read alongside it; a failed read is replaced by the next candidate, and a read that
/// could not reach a node that was healthy when asked is tried once more after the others
/// (<see cref="PeerRetry"/>). Every started
/// read is awaited before <see cref="RunAsync"/> returns, so a late answer never writes into a
/// reused buffer. Shared by the reader and repair. One instance per part read; not thread-safe.
/// </summary>
/// <param name="skip">Shards never read (repair skips the ones it rebuilds).</param>
internal sealed class ShardFetch(
    IPeerConnector peers,
    MembershipTable membership,
    GridReadOptions options,
    TimeProvider time,
    GridMap map,
    ObjectPart part,
    ShardSet shards,
    int k,
    IReadOnlySet<int>? skip = null)
{
    private const int ReasonChars = 160;

    private readonly List<(ShardStatus Status, string NodeId, string? Reason)> _failures = [];
    private readonly HashSet<int> _healthyWhenAsked = [];
    private readonly HashSet<int> _retried = [];

    /// <summary>Which shards were read good into their buffers.</summary>
    public bool[] Present { get; } = new bool[part.Shards.Count];

    /// <summary>How many shards were read good.</summary>
    public int Good { get; private set; }

    /// <summary>Shards found missing or corrupt (not merely unreachable).</summary>
    public List<int> Bad { get; } = [];

    /// <summary>
    /// A summary of the failed reads for messages and logs: per status, how many, on which nodes and the last
    /// reason a node gave, so an operator can tell a dead node from a live one that failed
    /// (<c>4 Unavailable: node-5 ×2 (call to node node-5 failed: …), node-6 ×2 (…)</c>).
    /// </summary>
    public string Failures => _failures.Count == 0
        ? "none"
        : string.Join("; ", _failures.GroupBy(f => f.Status).Select(byStatus =>
            $"{byStatus.Count()} {byStatus.Key}: " + string.Join(", ", byStatus.GroupBy(f => f.NodeId, StringComparer.Ordinal).Select(DescribeNode))));

    public async Task<ShardFetch> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var candidates = new Queue<int>(Enumerable.Range(0, part.Shards.Count)
            .Where(i => skip is null || !skip.Contains(i))
            .OrderBy(i => IsDown(i) ? 1 : 0)
            .ThenBy(i => i)); // healthy data, healthy parity, then down nodes as a last resort
        var pending = new List<Task<(int Index, ShardStatus Status, string? Reason)>>();
        for (var i = 0; i < k && candidates.Count > 0; i++)
        {
            pending.Add(ReadOneAsync(candidates.Dequeue(), stop.Token));
        }

        var hedge = Task.Delay(options.HedgeAfter, time, stop.Token);
        while (Good < k && pending.Count > 0)
        {
            var done = await Task.WhenAny(pending.Cast<Task>().Append(hedge)).ConfigureAwait(false);
            if (done == hedge)
            {
                hedge = Task.Delay(Timeout.InfiniteTimeSpan, time, stop.Token);
                var slow = pending.Count;
                for (var i = 0; i < slow && candidates.Count > 0; i++)
                {
                    pending.Add(ReadOneAsync(candidates.Dequeue(), stop.Token));
                }

                continue;
            }

            var finished = (Task<(int Index, ShardStatus Status, string? Reason)>)done;
            pending.Remove(finished);
            var (index, status, reason) = await finished.ConfigureAwait(false);
            if (status == ShardStatus.Ok)
            {
                Present[index] = true;
                Good++;
                continue;
            }

            _failures.Add((status, part.Shards[index].NodeId, reason));
            if (status is ShardStatus.Corrupt or ShardStatus.Missing or ShardStatus.NotFound)
            {
                Bad.Add(index);
            }

            if (status == ShardStatus.Unavailable && _healthyWhenAsked.Contains(index) && _retried.Add(index))
            {
                candidates.Enqueue(index);
            }

            if (candidates.Count > 0)
            {
                pending.Add(ReadOneAsync(candidates.Dequeue(), stop.Token));
            }
        }

        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the reads we no longer needed
        }

        return this;
    }

    private static string DescribeNode(IGrouping<string, (ShardStatus Status, string NodeId, string? Reason)> failures)
    {
        var count = failures.Count();
        var reason = failures.LastOrDefault(f => f.Reason is not null).Reason;
        return failures.Key + (count > 1 ? $" ×{count}" : "") + (reason is null ? "" : $" ({reason})");
    }

    private bool IsDown(int index) => membership.HealthOf(part.Shards[index].NodeId) == NodeHealth.Down;

    private async Task<(int Index, ShardStatus Status, string? Reason)> ReadOneAsync(int index, CancellationToken cancellationToken)
    {
        var location = part.Shards[index];
        if (map.FindNode(location.NodeId) is not { } node)
        {
            return (index, ShardStatus.Unavailable, "not in the grid map");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            if (_retried.Contains(index))
            {
                await Task.Delay(PeerRetry.Pause, time, cancellationToken).ConfigureAwait(false);
            }
            else if (PeerRetry.AttemptsFor(membership, node.Id) > 1)
            {
                _healthyWhenAsked.Add(index); // before the first await, on the fetch loop's flow
            }

            deadline.CancelAfter(options.ShardReadTimeout);
            var key = new ShardKey(part.StorageKey, (ushort)index);
            var outcome = await peers.Connect(node).Shards.ReadAsync(key, 0, shards.Shard(index), deadline.Token).ConfigureAwait(false);
            membership.Heard(node.Id);
            return outcome.Status == ShardStatus.Ok && outcome.BytesRead != shards.ShardLength
                ? (index, ShardStatus.Corrupt, $"{outcome.BytesRead} of {shards.ShardLength} bytes")
                : (index, outcome.Status, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            membership.Failed(node.Id);
            var reason = deadline.IsCancellationRequested ? $"no answer in {options.ShardReadTimeout.TotalSeconds:0.#} s" : e.Message;
            return (index, ShardStatus.Unavailable, reason.Length <= ReasonChars ? reason : reason[..ReasonChars] + "…");
        }
    }
}
