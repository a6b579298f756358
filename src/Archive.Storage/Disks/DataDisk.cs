using Archive.Storage.Layout;
using Archive.Storage.Primitives;
using Archive.Storage.Segments;

namespace Archive.Storage.Disks;

/// <summary>
/// A mounted, accepted data disk and its run-time health. Owned by <see cref="Store.LocalShardStore"/>;
/// thread-safe: state changes are atomic and a failed disk never becomes healthy again in this process.
/// </summary>
public sealed class DataDisk : IDisposable
{
    /// <summary>How often a full disk's free space is looked at again.</summary>
    private static readonly TimeSpan RoomCheckEvery = TimeSpan.FromSeconds(1);

    private int _state; // DiskState
    private string? _failure;
    private int _full;
    private long _roomCheckedAt;

    private readonly DirectoryLock? _lock;

    /// <summary>Creates the run-time view of an accepted disk; it holds <paramref name="held"/> (the disk's lock) until disposed.</summary>
    public DataDisk(string root, DiskLabel label, DirectoryLock? held = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        Root = root;
        Label = label;
        Readers = new SegmentReaderCache(this);
        _lock = held;
    }

    /// <summary>
    /// Probes <paramref name="root"/> for <paramref name="node"/> and takes its lock: the disk, or why it is refused
    /// (<see cref="DiskRefusalReason.InUse"/> when another process holds it, <see cref="DiskRefusalReason.NotWritable"/> when it refuses writes,
    /// <see cref="DiskRefusalReason.UnsupportedSegmentFormat"/> when a newer build wrote a segment on it).
    /// </summary>
    public static DiskRefusalReason TryOpen(string root, Primitives.NodeId? node, out DataDisk? disk, out DiskLabel? label)
    {
        disk = null;
        var reason = DiskProbe.Probe(root, node, out label);
        if (reason != DiskRefusalReason.None)
        {
            return reason;
        }

        try
        {
            if (SegmentHeader.FindUnreadable(root) is not null)
            {
                return DiskRefusalReason.UnsupportedSegmentFormat;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return DiskRefusalReason.Unreadable;
        }

        if (!DirectoryLock.TryTake(root, out var held))
        {
            return DirectoryLock.IsHeldByAnother(root) ? DiskRefusalReason.InUse : DiskRefusalReason.NotWritable;
        }

        disk = new DataDisk(root, label!, held);
        return DiskRefusalReason.None;
    }

    /// <summary>Mount directory.</summary>
    public string Root { get; }

    /// <summary>The label read at start.</summary>
    public DiskLabel Label { get; }

    /// <summary>The disk's id.</summary>
    public DiskId Id => Label.DiskId;

    /// <summary>Current state.</summary>
    public DiskState State => (DiskState)Volatile.Read(ref _state);

    /// <summary>Why the disk failed, when it did.</summary>
    public string? FailureReason => Volatile.Read(ref _failure);

    /// <summary>True while the disk serves reads and takes writes.</summary>
    public bool IsHealthy => State == DiskState.Healthy;

    /// <summary>True while the disk refuses new shards for want of room (<see cref="DiskState.Full"/>).</summary>
    public bool IsFull => Volatile.Read(ref _full) != 0;

    /// <summary>Open read handles of this disk's segments.</summary>
    internal SegmentReaderCache Readers { get; }

    /// <summary>Marks the disk failed; returns true for the call that changed the state.</summary>
    public bool MarkFailed(string reason)
    {
        Volatile.Write(ref _failure, reason);
        return Interlocked.Exchange(ref _state, (int)DiskState.Failed) != (int)DiskState.Failed;
    }

    /// <summary>An append found no room: new shards go elsewhere until the disk has room again. True for the call that changed it.</summary>
    public bool MarkFull(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Volatile.Write(ref _roomCheckedAt, time.GetTimestamp());
        return Interlocked.Exchange(ref _full, 1) == 0;
    }

    /// <summary>
    /// Whether the disk is still full: its free space is looked at again at most once a second, and once
    /// <paramref name="resumeAtFreeBytes"/> are free it takes new shards again (<paramref name="resumed"/> true for
    /// the call that changed it).
    /// </summary>
    public bool StillFull(long resumeAtFreeBytes, TimeProvider time, out bool resumed)
    {
        ArgumentNullException.ThrowIfNull(time);
        resumed = false;
        long checkedAt = Volatile.Read(ref _roomCheckedAt);
        if (!IsFull || time.GetElapsedTime(checkedAt) < RoomCheckEvery
            || Interlocked.CompareExchange(ref _roomCheckedAt, time.GetTimestamp(), checkedAt) != checkedAt)
        {
            return IsFull;
        }

        if (FreeBytes() < resumeAtFreeBytes)
        {
            return true;
        }

        resumed = Interlocked.Exchange(ref _full, 0) == 1;
        return false;
    }

    /// <summary>Free bytes on the disk's filesystem for this process; -1 when they cannot be read.</summary>
    public long FreeBytes()
    {
        try
        {
            return new DriveInfo(Root).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return -1;
        }
    }

    /// <summary>
    /// After an I/O error: is this still the same disk at the same place? False when the mount
    /// vanished or now shows another label (MinIO's disk-id check).
    /// </summary>
    public bool StillMounted() =>
        DiskProbe.Probe(Root, Label.NodeId, out var label) == DiskRefusalReason.None && label!.DiskId == Id;

    /// <summary>Why a disk at <paramref name="root"/> was refused with <paramref name="reason"/>, in words an operator can act on.</summary>
    public static string Describe(string root, DiskRefusalReason reason) => reason switch
    {
        DiskRefusalReason.InUse => "a running archive-node or another command holds it; stop the node first",
        DiskRefusalReason.UnsupportedSegmentFormat when SegmentHeader.FindUnreadable(root) is { } newer =>
            $"segment {Path.GetFileName(newer.Path)} is format {newer.Major}.{newer.Minor}, and this build reads format {SegmentHeader.Major}.x: a newer build wrote it; run that build (or a newer one) on this disk, nothing was changed",
        DiskRefusalReason.Missing => "the directory does not exist",
        DiskRefusalReason.Unformatted => "it carries no disk label: if its disk is not mounted, mount it; if it is a new disk, format it (archivectl node format-disk, archive-node init, or Node:FormatBlankDisks)",
        DiskRefusalReason.CorruptLabel => "its disk label is damaged",
        DiskRefusalReason.UnsupportedFormat => "its disk label is of a format this build does not read (a newer build formatted it)",
        DiskRefusalReason.ForeignNode => "it was formatted for another node",
        DiskRefusalReason.DuplicateDisk => "another directory carries the same disk (a copy, or a double mount)",
        DiskRefusalReason.Unreadable => "its label or segments cannot be read (an I/O error, or permissions)",
        DiskRefusalReason.NotWritable => "the directory cannot be written (a read-only mount, or permissions)",
        DiskRefusalReason.LooksUnmounted => "it is blank and lies on the filesystem its neighbours are mounted over: its own disk looks unmounted; mount it and restart the node, or format it on purpose (archivectl node format-disk)",
        _ => reason.ToString(),
    };

    /// <summary>Segment file path of <paramref name="segmentId"/> on this disk.</summary>
    public string SegmentPath(ulong segmentId) => StoragePaths.SegmentFile(Root, segmentId);

    /// <summary>Ids of the segment files present, ascending.</summary>
    public IReadOnlyList<ulong> ListSegments()
    {
        var ids = new List<ulong>();
        foreach (var file in Directory.EnumerateFiles(StoragePaths.SegmentDirectory(Root)))
        {
            if (StoragePaths.TryParseSegmentFileName(file, out ulong id))
            {
                ids.Add(id);
            }
        }

        ids.Sort();
        return ids;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Readers.Dispose();
        _lock?.Dispose();
    }
}
