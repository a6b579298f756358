using Archive.Grid.Manifests;
using Archive.Grid.Reading;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Writing;

/// <summary>
/// Drains the node's <see cref="IDeferredCompressionQueue"/> one object at a time (a background
/// task that must not crowd out ingest): reads each stored version back (SHA-256 verified), has the
/// writer commit its compressed re-encoding, and after the grace period deletes the shards it replaced.
/// A step that cannot finish now is queued again later. One worker per node.
/// </summary>
public sealed partial class DeferredCompressionWorker(
    IDeferredCompressionQueue queue,
    GridWriter writer,
    GridReader reader,
    GridWriteOptions options,
    string spoolDirectory,
    TimeProvider time,
    ILogger<DeferredCompressionWorker> logger)
{
    /// <summary>Objects up to this size are read back into memory; larger ones into a spool file.</summary>
    private const long InMemoryBytes = 64L * 1024 * 1024;

    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan IdleDelay = TimeSpan.FromSeconds(1);
    private long _compressed;

    /// <summary>Versions compressed since the worker started.</summary>
    public long Compressed => Interlocked.Read(ref _compressed);

    /// <summary>Runs until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await RunOnceAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                await Task.Delay(IdleDelay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Carries out the steps due now; returns how many were taken.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var due = await queue.PeekDueAsync(time.GetUtcNow(), 16, cancellationToken).ConfigureAwait(false);
        foreach (var item in due)
        {
            try
            {
                var next = item.Step == DeferredStep.Compress
                    ? await CompressAsync(item, cancellationToken).ConfigureAwait(false)
                    : await DeleteReplacedAsync(item, cancellationToken).ConfigureAwait(false);
                if (next is not null)
                {
                    await queue.EnqueueAsync(next, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogStepFailed(item.Manifest.ObjectName, item.Step, e.Message);
                await queue.EnqueueAsync(item with { Due = time.GetUtcNow() + RetryAfter }, cancellationToken).ConfigureAwait(false);
            }

            await queue.CompleteAsync(item, cancellationToken).ConfigureAwait(false);
        }

        return due.Count;
    }

    /// <summary>Compresses the version as the replicas now have it; returns the follow-up step, if any.</summary>
    private async Task<DeferredCompressionItem?> CompressAsync(DeferredCompressionItem item, CancellationToken cancellationToken)
    {
        var stored = item.Manifest;
        var current = await reader.FindAsync(stored.PartitionKey, stored.ObjectName, stored.Sha256, cancellationToken).ConfigureAwait(false);
        if (current is null || current.Parts.All(p => p.Compressed))
        {
            return null; // gone, or compressed already (inline, or by an earlier run)
        }

        if (current.ObjectLength > InMemoryBytes)
        {
            Directory.CreateDirectory(spoolDirectory);
        }

        await using var content = current.ObjectLength <= InMemoryBytes
            ? new MemoryStream((int)current.ObjectLength)
            : (Stream)new FileStream(Path.Combine(spoolDirectory, Guid.NewGuid().ToString("N") + ".deferred"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var read = await reader.ReadAsync(current, content, cancellationToken).ConfigureAwait(false);
        if (!read.IsSuccess)
        {
            LogStepFailed(stored.ObjectName, item.Step, read.Detail);
            return item with { Due = time.GetUtcNow() + RetryAfter };
        }

        var (outcome, compressed) = await writer.CompressDeferredAsync(current, content, item.Pixels, cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case DeferredCompressionOutcome.Compressed:
                Interlocked.Increment(ref _compressed);
                return new DeferredCompressionItem(DeferredStep.DeleteReplaced, time.GetUtcNow() + options.ReplacedShardGrace, current, null);
            case DeferredCompressionOutcome.Retry:
                return item with { Due = time.GetUtcNow() + RetryAfter };
            default:
                return null;
        }
    }

    private async Task<DeferredCompressionItem?> DeleteReplacedAsync(DeferredCompressionItem item, CancellationToken cancellationToken)
    {
        var replaced = item.Manifest;
        var current = await reader.FindAsync(replaced.PartitionKey, replaced.ObjectName, replaced.Sha256, cancellationToken).ConfigureAwait(false);
        if (current is null || ManifestPlacement.CompressedParts(current) == 0)
        {
            // No replica answers with the compressed manifest now: deleting could strand a reader. Later.
            return item with { Due = time.GetUtcNow() + RetryAfter };
        }

        await writer.DeleteReplacedPartsAsync(replaced, current, cancellationToken).ConfigureAwait(false);
        return null;
    }

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Deferred compression step {Step} of {ObjectName} did not finish: {Reason}; queued again")]
    private partial void LogStepFailed(string objectName, DeferredStep step, string reason);
}
