using Microsoft.Extensions.Logging;

namespace Archive.Node.Diagnostics;

/// <summary>
/// Errors the fast directory's databases raised while the node ran (a damaged file: RocksDB reports corruption on
/// the read that meets it). Each is logged (critical, at most once a minute) and the first stays a status problem
/// until the node restarts: the callers that meet it see only "no replica knows the object", which would otherwise
/// be all an operator heard. Thread-safe.
/// </summary>
public sealed partial class DatabaseFaults(ILogger logger, TimeProvider time)
{
    private readonly Lock _gate = new();
    private string? _first;
    private long _lastLogged = long.MinValue;
    private long _unlogged;

    /// <summary>What status says while a fault was seen; null when none.</summary>
    public string? Problem
    {
        get
        {
            lock (_gate)
            {
                return _first;
            }
        }
    }

    /// <summary>Notes that <paramref name="database"/> (at <paramref name="path"/>) failed with <paramref name="error"/>.</summary>
    public void Record(string database, string path, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        long suppressed;
        lock (_gate)
        {
            _first ??= $"the {database} at {path} failed at {time.GetUtcNow():u}: {error.Message}; stop the node, move it aside and start again (it is rebuilt from the data disks and, in a grid, the peers)";
            var now = time.GetTimestamp();
            if (_lastLogged != long.MinValue && time.GetElapsedTime(_lastLogged, now) < TimeSpan.FromMinutes(1))
            {
                _unlogged++;
                return;
            }

            (_lastLogged, suppressed, _unlogged) = (now, _unlogged, 0);
        }

        LogFault(database, path, suppressed, error);
    }

    /// <summary>Runs <paramref name="call"/> on <paramref name="database"/>, noting a database error before it goes on.</summary>
    public T Watch<T>(string database, string path, Func<T> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return call();
        }
        catch (RocksDbSharp.RocksDbException e)
        {
            Record(database, path, e);
            throw;
        }
    }

    /// <inheritdoc cref="Watch{T}(string, string, Func{T})"/>
    public async ValueTask<T> WatchAsync<T>(string database, string path, Func<ValueTask<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RocksDbSharp.RocksDbException e)
        {
            Record(database, path, e);
            throw;
        }
    }

    /// <summary>Enumerates <paramref name="items"/> (a scan of <paramref name="database"/>), noting a database error met on the way.</summary>
    public IEnumerable<T> Watch<T>(string database, string path, IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        using var enumerator = items.GetEnumerator();
        while (Watch(database, path, enumerator.MoveNext))
        {
            yield return enumerator.Current;
        }
    }

    /// <inheritdoc cref="Watch{T}(string, string, IEnumerable{T})"/>
    public async IAsyncEnumerable<T> WatchAsync<T>(string database, string path, IAsyncEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        await using var enumerator = items.GetAsyncEnumerator();
        while (await WatchAsync(database, path, enumerator.MoveNextAsync).ConfigureAwait(false))
        {
            yield return enumerator.Current;
        }
    }

    [LoggerMessage(EventId = 4017, Level = LogLevel.Critical, Message = "The {Database} at {Path} failed ({Suppressed} more since the last such line): stop the node, move it aside and start again; it is rebuilt from the data disks and, in a grid, the peers")]
    private partial void LogFault(string database, string path, long suppressed, Exception exception);
}
