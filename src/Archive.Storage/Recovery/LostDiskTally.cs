using System.Collections.Concurrent;
using Archive.Storage.Indexing;
using Archive.Storage.Primitives;

namespace Archive.Storage.Recovery;

/// <summary>
/// The lost disks (the index places shards on them, no configured directory carries them) and how many index entries
/// each still has. An entry goes when its shard is deleted here or put again on a disk of this node (repair moved it);
/// a disk leaves the list once none is left, confirmed by a count over the index, so health stops reporting it.
/// Thread-safe.
/// </summary>
internal sealed class LostDiskTally(IShardIndex index)
{
    private readonly ConcurrentDictionary<DiskId, long> _entries = new();

    /// <summary>The disks still lost, in no particular order.</summary>
    public IReadOnlyList<DiskId> Disks => [.. _entries.Keys];

    public bool IsEmpty => _entries.IsEmpty;

    public bool Contains(DiskId disk) => _entries.ContainsKey(disk);

    /// <summary>Records the lost disks and their entry counts found at start.</summary>
    public void Add(IReadOnlyDictionary<DiskId, long> entries)
    {
        foreach (var (disk, count) in entries)
        {
            _entries[disk] = count;
        }
    }

    /// <summary>
    /// One entry on <paramref name="disk"/> is gone; true when that was the disk's last (the index counted again to be
    /// sure), so it is no longer lost.
    /// </summary>
    public bool Forget(DiskId disk)
    {
        while (_entries.TryGetValue(disk, out var left))
        {
            if (!_entries.TryUpdate(disk, left - 1, left))
            {
                continue; // another entry went at the same moment
            }

            if (left > 1)
            {
                return false;
            }

            var counted = index.EnumerateShards().LongCount(e => e.Location.Disk == disk);
            if (counted > 0)
            {
                _entries[disk] = counted;
                return false;
            }

            return _entries.TryRemove(disk, out _);
        }

        return false;
    }
}
