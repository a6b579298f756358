namespace Archive.Storage.Disks;

/// <summary>Why a directory is not used as a data disk. Values are stable (reported and logged).</summary>
public enum DiskRefusalReason
{
    /// <summary>The disk is accepted.</summary>
    None = 0,

    /// <summary>The mount directory does not exist.</summary>
    Missing = 1,

    /// <summary>No label: the disk was never formatted (run <c>archivectl node format-disk</c>).</summary>
    Unformatted = 2,

    /// <summary>The label is unreadable: bad magic, wrong length or checksum mismatch.</summary>
    CorruptLabel = 3,

    /// <summary>The label's format major version is not one this build reads.</summary>
    UnsupportedFormat = 4,

    /// <summary>The disk was formatted for another node.</summary>
    ForeignNode = 5,

    /// <summary>Another mounted directory carries the same disk id (a copy or a double mount).</summary>
    DuplicateDisk = 6,

    /// <summary>The label could not be read (I/O error).</summary>
    Unreadable = 7,

    /// <summary>Another process holds the disk (a node running on it, or an offline command): see <see cref="DirectoryLock"/>.</summary>
    InUse = 8,

    /// <summary>The directory cannot be written (mounted read-only, or no permission): the node cannot run on it.</summary>
    NotWritable = 9,

    /// <summary>
    /// A segment on it is of a format major this build does not read: a newer build wrote it (a downgrade, or a disk
    /// moved from a newer node). Refused rather than read as damage: run a build that reads it.
    /// </summary>
    UnsupportedSegmentFormat = 10,

    /// <summary>
    /// Blank, and standing where its neighbours' layout puts a mount point while on the filesystem they are mounted over:
    /// its own disk looks unmounted, so start-up did not format it (<see cref="UnmountedDisks"/>).
    /// </summary>
    LooksUnmounted = 11,
}
