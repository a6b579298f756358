namespace Archive.Integration.Tests.Grid;

/// <summary>
/// A multi-process grid test: runs only when <c>ARCHIVE_GRID_FAULTS</c> is set ("short" or
/// "long"), which tools/slow/grid-faults does, so the ~2 minutes of six-process runs happen once
/// per CI pass (as its short slow suite) rather than again inside the plain solution test run.
/// </summary>
public sealed class GridFactAttribute : FactAttribute
{
    public GridFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ARCHIVE_GRID_FAULTS")))
        {
            Skip = "multi-process grid test: run tools/slow/grid-faults (--short) or set ARCHIVE_GRID_FAULTS=short|long";
        }
    }

    /// <summary>Runs in long mode only (a check the CI time budget leaves to the long pass).</summary>
    public bool LongOnly
    {
        get => _longOnly;
        set
        {
            _longOnly = value;
            if (value && Skip is null && !GridHarness.LongMode)
            {
                Skip = "long-mode grid test: run tools/slow/grid-faults without --short";
            }
        }
    }

    private bool _longOnly;
}
