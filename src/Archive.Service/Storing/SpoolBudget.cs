namespace Archive.Service.Storing;

/// <summary>
/// The memory all in-flight C-STORE spools of a node may hold together; a spool that finds no room
/// goes to disk instead, so many parallel associations cannot exhaust the node's memory. Thread-safe.
/// </summary>
internal sealed class SpoolBudget(long capacityBytes)
{
    private long _used;

    public long UsedBytes => Interlocked.Read(ref _used);

    public bool TryReserve(long bytes)
    {
        while (true)
        {
            long used = Interlocked.Read(ref _used);
            if (used + bytes > capacityBytes)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _used, used + bytes, used) == used)
            {
                return true;
            }
        }
    }

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}
