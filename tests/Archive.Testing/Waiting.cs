namespace Archive.Testing;

/// <summary>Waits for what another thread makes true in its own time (a queue filled after an acknowledgement, a late completion).</summary>
public static class Waiting
{
    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes; whether it holds at the end.</summary>
    public static Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), timeout);
    }

    /// <summary><see cref="UntilAsync(Func{bool}, TimeSpan)"/> for a condition that has to ask (a store, a peer).</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }
}
