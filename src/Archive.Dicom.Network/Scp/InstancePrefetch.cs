namespace Archive.Dicom.Network.Scp;

/// <summary>
/// Opens the instances of a retrieve a few ahead of the one being sent, so fetching the next objects (a cache
/// read, or k shard reads and a decode from the grid) overlaps sending this one: the several objects in flight
/// of a C-MOVE or C-GET. Instances are taken in order, each exactly once; whatever was opened but not taken
/// (a cancel, an abort) is closed once its opening ends, after disposal. Not thread-safe: one retrieve's loop drives it.
/// </summary>
internal sealed class InstancePrefetch(IReadOnlyList<IRetrieveInstance> instances, int depth, CancellationToken cancellationToken) : IAsyncDisposable
{
    private readonly Queue<Task<Stream>> _opening = new();
    private int _next;

    /// <summary>The opening of the next instance in order (faults as its <see cref="IRetrieveInstance.OpenAsync"/> did).</summary>
    public Task<Stream> TakeNext()
    {
        TopUp();
        var next = _opening.Dequeue();
        TopUp();
        return next;
    }

    /// <summary>Closes what was opened ahead as each opening ends, without waiting for them (a cancel answers at once).</summary>
    public ValueTask DisposeAsync()
    {
        while (_opening.TryDequeue(out var opening))
        {
            _ = CloseQuietlyAsync(opening).AsTask();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Closes an opening that will not be sent; its failure, if it failed, has no sub-operation to report to.</summary>
    public static async ValueTask CloseQuietlyAsync(Task<Stream> opening)
    {
        ArgumentNullException.ThrowIfNull(opening);
        try
        {
            await (await opening.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // nothing to close
        }
    }

    private void TopUp()
    {
        while (_opening.Count < depth && _next < instances.Count)
        {
            _opening.Enqueue(instances[_next++].OpenAsync(cancellationToken).AsTask());
        }
    }
}
