using Archive.Grid.Coding;
using Archive.Grid.Manifests;
using Archive.Grid.Map;
using Archive.Grid.Membership;
using Archive.Storage.Primitives;
using Archive.Storage.Store;

namespace Archive.Grid.Reading;

public sealed partial class GridReader
{
    /// <summary>
    /// Fetches k good shards of one part: data shards on healthy nodes first, then parity; a read
    /// still pending after <see cref="GridReadOptions.HedgeAfter"/> gets a parity read alongside
    /// it; a failed read is replaced by the next candidate. Every started read is awaited before
    /// the buffers are released, so a late answer never writes into a reused buffer.
    /// </summary>
    private sealed class ShardFetch(GridReader reader, GridMap map, ObjectPart part, ShardSet shards, int k)
    {
        public bool[] Present { get; } = new bool[part.Shards.Count];

        public int Good { get; private set; }

        public List<int> Bad { get; } = [];

        public string Failures => _failures.Count == 0 ? "none" : string.Join(", ", _failures.GroupBy(f => f).Select(g => $"{g.Count()} {g.Key}"));

        private readonly List<ShardStatus> _failures = [];

        public async Task<ShardFetch> RunAsync(CancellationToken cancellationToken)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var candidates = new Queue<int>(Enumerable.Range(0, part.Shards.Count)
                .OrderBy(i => IsDown(i) ? 1 : 0)
                .ThenBy(i => i)); // healthy data, healthy parity, then down nodes as a last resort
            var pending = new List<Task<(int Index, ShardStatus Status)>>();
            for (var i = 0; i < k && candidates.Count > 0; i++)
            {
                pending.Add(ReadOneAsync(candidates.Dequeue(), stop.Token));
            }

            var hedge = Task.Delay(reader._options.HedgeAfter, reader._time, stop.Token);
            while (Good < k && pending.Count > 0)
            {
                var done = await Task.WhenAny(pending.Cast<Task>().Append(hedge)).ConfigureAwait(false);
                if (done == hedge)
                {
                    hedge = Task.Delay(Timeout.InfiniteTimeSpan, reader._time, stop.Token);
                    var slow = pending.Count;
                    for (var i = 0; i < slow && candidates.Count > 0; i++)
                    {
                        pending.Add(ReadOneAsync(candidates.Dequeue(), stop.Token));
                    }

                    continue;
                }

                var finished = (Task<(int Index, ShardStatus Status)>)done;
                pending.Remove(finished);
                var (index, status) = await finished.ConfigureAwait(false);
                if (status == ShardStatus.Ok)
                {
                    Present[index] = true;
                    Good++;
                    continue;
                }

                _failures.Add(status);
                if (status is ShardStatus.Corrupt or ShardStatus.Missing or ShardStatus.NotFound)
                {
                    Bad.Add(index);
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

        private bool IsDown(int index) => reader._membership.HealthOf(part.Shards[index].NodeId) == NodeHealth.Down;

        private async Task<(int Index, ShardStatus Status)> ReadOneAsync(int index, CancellationToken cancellationToken)
        {
            var location = part.Shards[index];
            if (map.FindNode(location.NodeId) is not { } node)
            {
                return (index, ShardStatus.Unavailable);
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(reader._options.ShardReadTimeout);
            try
            {
                var key = new ShardKey(part.StorageKey, (ushort)index);
                var outcome = await reader._peers.Connect(node).Shards.ReadAsync(key, 0, shards.Shard(index), deadline.Token).ConfigureAwait(false);
                reader._membership.Heard(node.Id);
                return outcome.Status == ShardStatus.Ok && outcome.BytesRead != shards.ShardLength
                    ? (index, ShardStatus.Corrupt)
                    : (index, outcome.Status);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                reader._membership.Failed(node.Id);
                return (index, ShardStatus.Unavailable);
            }
        }
    }
}
