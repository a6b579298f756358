using System.Text;

namespace Archive.Storage.Io;

/// <summary>
/// Small state files replaced whole and durably: written to a temporary file, fsynced, renamed over
/// the old one, and the directory fsynced, so after a crash the file holds the old or the new text,
/// never a torn one. For node state (map, pause flags, epochs), not for data.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temp = full + ".tmp";
        try
        {
            using (var handle = File.OpenHandle(temp, FileMode.Create, FileAccess.Write))
            {
                RandomAccess.Write(handle, Encoding.UTF8.GetBytes(text), 0);
                FileSync.File(handle);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp); // sweep Z2: a failed write left its temporary file behind
            throw;
        }

        FileSync.Directory(directory);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the write's own failure is what the caller hears of.
        }
    }
}
