namespace Archive.Grid.Writing;

/// <summary>
/// Lets one write per object name run at a time on this node, so writes of one name that arrive together see each
/// other's versions as if they had come one after the other: identical bytes answer "duplicate", different bytes
/// "new version" (and the caller's audit line), never all "stored". A name written alone never waits; entries live
/// only while a write of their name runs. Thread-safe.
/// </summary>
internal sealed class SameNameGate
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Waits until no other write of <paramref name="name"/> runs here; dispose the result when the write ended.</summary>
    public async ValueTask<Passage> EnterAsync(string name, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(name, out entry!))
            {
                entry = new Entry();
                _entries.Add(name, entry);
            }

            entry.Users++;
        }

        try
        {
            await entry.Turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(name, entry, hadTurn: false);
            throw;
        }

        return new Passage(this, name, entry);
    }

    private void Leave(string name, Entry entry, bool hadTurn)
    {
        if (hadTurn)
        {
            entry.Turn.Release();
        }

        lock (_entries)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(name);
                entry.Turn.Dispose();
            }
        }
    }

    /// <summary>A write's turn at its name.</summary>
    public readonly struct Passage(SameNameGate gate, string name, Entry entry) : IDisposable
    {
        public void Dispose() => gate.Leave(name, entry, hadTurn: true);
    }

    /// <summary>The writes of one name: how many hold or wait for it, and whose turn it is.</summary>
    public sealed class Entry
    {
        public SemaphoreSlim Turn { get; } = new(1, 1);

        public int Users { get; set; }
    }
}
