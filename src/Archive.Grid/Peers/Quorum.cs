namespace Archive.Grid.Peers;

/// <summary>
/// Waiting on parallel puts to several peers only until the answer is known: enough of them succeeded, or
/// too many failed for that to happen. A write is acknowledged at its quorum (DESIGN.md §4), so the slowest
/// target does not hold it back; the puts still running go on, and their caller follows them
/// (<see cref="FailedLate{T}"/>) to queue repair for any that fail.
/// </summary>
public static class Quorum
{
    /// <summary>Completes once <paramref name="required"/> of <paramref name="puts"/> succeeded, or can no longer, or all are done.</summary>
    public static async Task WhenEnoughAsync<T>(IReadOnlyList<Task<T>> puts, Func<T, bool> succeeded, int required)
    {
        ArgumentNullException.ThrowIfNull(puts);
        ArgumentNullException.ThrowIfNull(succeeded);
        while (true)
        {
            int ok = 0, open = 0;
            foreach (var put in puts)
            {
                if (!put.IsCompleted)
                {
                    open++;
                }
                else if (put.IsCompletedSuccessfully && succeeded(put.Result))
                {
                    ok++;
                }
            }

            if (ok >= required || ok + open < required || open == 0)
            {
                return;
            }

            // Those counted open may have finished since: then count again rather than wait on nothing.
            var stillOpen = puts.Where(p => !p.IsCompleted).ToArray();
            if (stillOpen.Length > 0)
            {
                await Task.WhenAny(stillOpen).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The indexes of <paramref name="puts"/> that had failed when the quorum was known.</summary>
    public static int[] FailedNow<T>(IReadOnlyList<Task<T>> puts, Func<T, bool> succeeded) =>
        Enumerable.Range(0, puts.Count).Where(i => puts[i].IsCompleted && !(puts[i].IsCompletedSuccessfully && succeeded(puts[i].Result))).ToArray();

    /// <summary>Once every put is done: the indexes of those still running at the quorum that then failed.</summary>
    public static async Task<int[]> FailedLate<T>(IReadOnlyList<Task<T>> puts, Func<T, bool> succeeded)
    {
        var late = Enumerable.Range(0, puts.Count).Where(i => !puts[i].IsCompleted).ToArray();
        try
        {
            await Task.WhenAll(late.Select(i => puts[i])).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // a faulted put counts as failed below
        }

        return late.Where(i => !(puts[i].IsCompletedSuccessfully && succeeded(puts[i].Result))).ToArray();
    }
}
