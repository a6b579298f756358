using Archive.Storage.Io;

namespace Archive.Node.Maintenance;

/// <summary>
/// Whether an operator paused this node's scrub (<c>archivectl scrub pause</c>), kept across
/// restarts until <c>scrub start</c>: one small text file, replaced atomically (temporary file,
/// fsync, rename, directory fsync) on every save. Format, frozen by tests: a first line
/// <c>archive-scrub-control 1.0</c>, then <c>key=value</c> lines, of which <c>paused</c> is
/// <c>true</c> or <c>false</c> (unknown keys ignored for minor versions). A missing file means not
/// paused. Not thread-safe (the <see cref="ScrubCoordinator"/> serializes its saves).
/// </summary>
public sealed class ScrubPauseFile(string path)
{
    private const string Magic = "archive-scrub-control 1.";

    /// <summary>The saved pause; false when no file exists; null when the file cannot be understood.</summary>
    public bool? Load()
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }

        if (lines.Length == 0 || !lines[0].StartsWith(Magic, StringComparison.Ordinal))
        {
            return null;
        }

        var paused = lines.Skip(1).Select(l => l.Split('=', 2)).Where(p => p.Length == 2 && p[0] == "paused").Select(p => p[1]).LastOrDefault();
        return paused switch
        {
            "true" => true,
            "false" => false,
            _ => null,
        };
    }

    /// <summary>Saves <paramref name="paused"/>; returns once it is durable.</summary>
    public void Save(bool paused)
    {
        AtomicFile.WriteAllText(path, Magic + "0\npaused=" + (paused ? "true" : "false") + "\n");
    }
}
