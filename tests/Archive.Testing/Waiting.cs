namespace Archive.Testing;

/// <summary>Waits for what another thread makes true in its own time (a queue filled after an acknowledgement, a late completion).</summary>
public static class Waiting
{
    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes; whether it holds at the end.</summary>
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
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
