using System.Globalization;
using System.Text;
using Archive.Grid.Scrub;
using Archive.Storage.Io;
using Archive.Storage.Primitives;

namespace Archive.Node.Hosting;

/// <summary>
/// This node's scrub summary (<see cref="Maintenance.ScrubCoordinator.PublishSummary"/>) in one small text file, replaced atomically (temporary file,
/// fsync, rename, directory fsync) on every save. Format, frozen by tests: a first line
/// <c>archive-scrub-progress 1.0</c>, then <c>key=value</c> lines (<c>pass-started</c>,
/// <c>cursor</c> as <c>objectid/version/shard</c>, <c>last-started</c>, <c>last-completed</c>;
/// absent when unset; unknown keys ignored for minor versions). A missing file is the initial
/// progress; a malformed one also, since scrubbing again from the start is always safe. Not
/// thread-safe (one scrub loop).
/// </summary>
public sealed class ScrubProgressFile(string path) : IScrubProgress
{
    private const string Magic = "archive-scrub-progress 1.";

    public ScrubProgress Load()
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (FileNotFoundException)
        {
            return ScrubProgress.Initial;
        }
        catch (DirectoryNotFoundException)
        {
            return ScrubProgress.Initial;
        }

        if (lines.Length == 0 || !lines[0].StartsWith(Magic, StringComparison.Ordinal))
        {
            return ScrubProgress.Initial;
        }

        var values = lines.Skip(1).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        try
        {
            return new ScrubProgress(Time(values, "pass-started"), Cursor(values), Time(values, "last-started"), Time(values, "last-completed"));
        }
        catch (FormatException)
        {
            return ScrubProgress.Initial;
        }
    }

    public void Save(ScrubProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var text = new StringBuilder(Magic + "0\n");
        Append(text, "pass-started", progress.PassStartedAt);
        if (progress.Cursor is { } c)
        {
            text.Append(CultureInfo.InvariantCulture, $"cursor={c.Object.Id}/{c.Object.Version}/{c.ShardIndex}\n");
        }

        Append(text, "last-started", progress.LastPassStartedAt);
        Append(text, "last-completed", progress.LastPassCompletedAt);
        AtomicFile.WriteAllText(path, text.ToString());
    }

    private static void Append(StringBuilder text, string key, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            text.Append(CultureInfo.InvariantCulture, $"{key}={v.ToUnixTimeMilliseconds()}\n");
        }
    }

    private static DateTimeOffset? Time(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var v) ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture)) : null;

    private static ShardKey? Cursor(Dictionary<string, string> values)
    {
        if (!values.TryGetValue("cursor", out var v))
        {
            return null;
        }

        var parts = v.Split('/');
        if (parts.Length != 3 || parts[0].Length != 32)
        {
            throw new FormatException("cursor");
        }

        return new ShardKey(
            new ObjectKey(ObjectId.Parse(parts[0]), uint.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture)),
            ushort.Parse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture));
    }
}
