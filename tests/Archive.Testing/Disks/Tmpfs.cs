using System.Diagnostics;

namespace Archive.Testing.Disks;

/// <summary>
/// A small tmpfs mounted on a directory, so a test can fill a data disk for real (ENOSPC from the kernel) and grow it
/// again. Needs root, as in CI. Unmounted on dispose.
/// </summary>
public sealed class Tmpfs : IDisposable
{
    private Tmpfs(string path) => Path = path;

    /// <summary>The mount directory.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> MiB on <paramref name="path"/> (created when absent).</summary>
    public static Tmpfs Mount(string path, int megabytes)
    {
        Directory.CreateDirectory(path);
        Run("mount", $"-t tmpfs -o size={megabytes}m tmpfs {path}");
        return new Tmpfs(path);
    }

    /// <summary>Grows (or shrinks) the filesystem to <paramref name="megabytes"/> MiB, its files kept.</summary>
    public void Resize(int megabytes) => Run("mount", $"-o remount,size={megabytes}m {Path}");

    /// <summary>Remounts it read-only (as a failing disk's filesystem is after an error), its files kept.</summary>
    public void ReadOnly() => Run("mount", $"-o remount,ro {Path}");

    /// <inheritdoc />
    public void Dispose() => Run("umount", Path);

    private static void Run(string file, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {args}: exit {p.ExitCode}: {error}");
        }
    }
}
