namespace Archive.Index.Manifests;

/// <summary>
/// The bookkeeping behind a replica's unsynced manifest writes (<see cref="Grid.Manifests.ShardCarriedManifests"/>), kept
/// so that the checkpoint in the database always tells a restart whether it must replay: before the first unsynced
/// write after a clean checkpoint, a dirty one is written synced; each <see cref="Checkpoint"/> then makes what was
/// written durable, and once nothing was written or is being written since the last one, marks the database clean.
/// A node that never writes unsynced (a replica holding no shards of what it replicates) stays clean and never replays. Thread-safe.
/// </summary>
internal sealed class UnsyncedWrites(GridDatabase database)
{
    private readonly Lock _gate = new();
    private bool _dirty;
    private int _inFlight;
    private long _written;
    private long _covered;

    public long Written
    {
        get
        {
            lock (_gate)
            {
                return _written;
            }
        }
    }

    /// <summary>Before an unsynced write of a manifest created at <paramref name="createdAt"/> (its shards were stamped after).</summary>
    public void Begin(DateTimeOffset createdAt)
    {
        lock (_gate)
        {
            if (!_dirty)
            {
                database.WriteCheckpoint(new ManifestCheckpoint(createdAt, Clean: false));
                _dirty = true;
            }

            _inFlight++;
        }
    }

    /// <summary>After that write (done or failed).</summary>
    public void End()
    {
        lock (_gate)
        {
            _inFlight--;
            _written++;
        }
    }

    public void Checkpoint(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_dirty)
            {
                return;
            }

            // A synced write makes every earlier write durable (the log is one sequence, recovered as a prefix).
            var quiet = _inFlight == 0 && _written == _covered;
            database.WriteCheckpoint(new ManifestCheckpoint(now, Clean: quiet));
            _covered = _written;
            _dirty = !quiet;
        }
    }
}
