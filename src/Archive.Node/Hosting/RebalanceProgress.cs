using System.Globalization;
using Archive.Grid.Rebalancing;
using Archive.Storage.Io;

namespace Archive.Node.Hosting;

/// <summary>
/// Where this node's rebalancing stands: the last map epoch it finished (kept in a one-line file,
/// written atomically, so a restart does not redo a finished pass), whether a pass runs now, and
/// the last pass. Written by <see cref="RebalanceService"/>, read by the maintenance endpoint; an
/// anti-entropy check that found crowded parts asks here for a pass on a settled map
/// (<see cref="RequestPass"/>). Thread-safe.
/// </summary>
public sealed class RebalanceProgress
{
    private readonly string _path;
    private readonly Lock _lock = new();
    private long _settledEpoch;
    private bool _running;
    private RebalancePass? _last;
    private DateTimeOffset _lastFinished;
    private long _movedSinceStart;
    private TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="currentEpoch">
    /// The map epoch in force at start: without a state file (a new node, or one from before
    /// rebalancing existed) nothing was placed by an older map that this node knows of, so it starts
    /// settled on it, and a fresh grid does not spend its first minutes scanning for nothing.
    /// </param>
    public RebalanceProgress(string path, long currentEpoch)
    {
        _path = path;
        if (File.Exists(path))
        {
            _settledEpoch = long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) ? epoch : 0;
        }
        else
        {
            AtomicFile.WriteAllText(path, currentEpoch.ToString(CultureInfo.InvariantCulture) + "\n");
            _settledEpoch = currentEpoch;
        }
    }

    /// <summary>A snapshot for the status call.</summary>
    public (long SettledEpoch, bool Running, RebalancePass? Last, DateTimeOffset LastFinished, long MovedSinceStart) Snapshot
    {
        get
        {
            lock (_lock)
            {
                return (_settledEpoch, _running, _last, _lastFinished, _movedSinceStart);
            }
        }
    }

    public long SettledEpoch
    {
        get
        {
            lock (_lock)
            {
                return _settledEpoch;
            }
        }
    }

    /// <summary>Completes when a pass is asked for (<see cref="RequestPass"/>); a new task once that request is taken.</summary>
    public Task Requested
    {
        get
        {
            lock (_lock)
            {
                return _requested.Task;
            }
        }
    }

    /// <summary>Asks for a pass though the map is settled: parts must be spread (the next one runs it).</summary>
    public void RequestPass()
    {
        lock (_lock)
        {
            _requested.TrySetResult();
        }
    }

    /// <summary>True once per request: the caller runs the pass asked for.</summary>
    public bool TakeRequest()
    {
        lock (_lock)
        {
            if (!_requested.Task.IsCompleted)
            {
                return false;
            }

            _requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return true;
        }
    }

    public void Started()
    {
        lock (_lock)
        {
            _running = true;
        }
    }

    /// <summary>Records a finished pass; when it settled, its epoch is persisted before it counts.</summary>
    public void Finished(RebalancePass pass, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(pass);
        if (pass.Settled)
        {
            AtomicFile.WriteAllText(_path, pass.Epoch.ToString(CultureInfo.InvariantCulture) + "\n");
        }

        lock (_lock)
        {
            _running = false;
            _last = pass;
            _lastFinished = at;
            _movedSinceStart += pass.Moved;
            if (pass.Settled)
            {
                _settledEpoch = Math.Max(_settledEpoch, pass.Epoch);
            }
        }
    }

    public void Failed()
    {
        lock (_lock)
        {
            _running = false;
        }
    }
}
