using System.Threading.Channels;
using Archive.Codec.Fixity;
using Archive.Storage.Cache;
using Microsoft.Extensions.Logging;

namespace Archive.Service.Storing;

/// <summary>
/// Copies acknowledged objects into the replica cache after their C-STORE response has gone, so the
/// copy is never on the acknowledgement path. Takes ownership of the spool it is given and disposes it.
/// The queue is short: when it is full the object is simply not cached (a cache is an optimisation;
/// the object is already durable in the grid). Thread-safe.
/// </summary>
internal sealed partial class IngestCacheFiller : IAsyncDisposable
{
    private const int QueueLength = 16;

    private readonly ReplicaCache _cache;
    private readonly ILogger _logger;
    private readonly Channel<(Spool Spool, Sha256Digest Sha256)> _queue = Channel.CreateBounded<(Spool, Sha256Digest)>(new BoundedChannelOptions(QueueLength) { SingleReader = true });
    private readonly Task _worker;

    public IngestCacheFiller(ReplicaCache cache, ILogger logger)
    {
        _cache = cache;
        _logger = logger;
        _worker = Task.Run(DrainAsync);
    }

    /// <summary>Queues <paramref name="spool"/> (the verified object with digest <paramref name="sha256"/>); false when the queue is full.</summary>
    public bool TryKeep(Spool spool, Sha256Digest sha256) => _queue.Writer.TryWrite((spool, sha256));

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
    }

    private async Task DrainAsync()
    {
        await foreach (var (spool, sha256) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await using (spool.ConfigureAwait(false))
            {
                try
                {
                    await CacheKeys.KeepAsync(_cache, spool, sha256, CacheAdmission.Stored, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    LogCacheCopyFailed(sha256.ToString(), e.Message);
                }
            }
        }
    }

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Replica cache copy of object {Sha256} failed: {Reason} (the object is durable in the grid)")]
    private partial void LogCacheCopyFailed(string sha256, string reason);
}
