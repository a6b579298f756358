using RocksDbSharp;

namespace Archive.Index;

/// <summary>Iterator use that tells the end of the data from a read that failed.</summary>
internal static class RocksIterators
{
    /// <summary>
    /// True while <paramref name="iterator"/> is on an entry, false at the end; throws <see cref="RocksDbException"/> when
    /// it stopped on an error (a damaged file), which <see cref="Iterator.Valid"/> alone reports as the end: a scan
    /// would then answer "nothing there" for data that is there (an object called absent, a queue called empty).
    /// </summary>
    public static bool ValidOrThrow(this Iterator iterator)
    {
        if (iterator.Valid())
        {
            return true;
        }

        Native.Instance.rocksdb_iter_get_error(iterator.Handle);
        return false;
    }
}
