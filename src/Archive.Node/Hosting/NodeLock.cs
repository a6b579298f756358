namespace Archive.Node.Hosting;

/// <summary>
/// Exclusive locks (advisory <c>flock</c>, through <see cref="FileShare.None"/>) on the node's home and on each of its
/// data disk directories, held while the node runs: a second <c>archive-node</c> on the same home, or one configured with
/// another's disks, stops with a clear message before it reads or repairs anything there. Released on dispose (and by
/// the kernel if the process dies).
/// </summary>
internal sealed class NodeLock : IDisposable
{
    private const string FileName = "archive-node.lock";
    private readonly List<FileStream> _held = [];

    /// <summary>Locks <paramref name="directory"/>; throws <see cref="Options.NodeConfigurationException"/> when another process holds it.</summary>
    public void Take(string directory, string what)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        try
        {
            _held.Add(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            throw new Options.NodeConfigurationException([$"{what} {directory} is in use by another archive-node process (locked: {path}); stop that one first"]);
        }
    }

    public void Dispose()
    {
        foreach (var stream in _held)
        {
            stream.Dispose();
        }

        _held.Clear();
    }
}
