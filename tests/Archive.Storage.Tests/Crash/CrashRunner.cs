using System.Diagnostics;
using Archive.Storage.CrashHost;
using Archive.Storage.Store;
using Archive.Storage.Tests.Support;
using Archive.Testing.Diagnostics;

namespace Archive.Storage.Tests.Crash;

/// <summary>
/// Runs the crash host, kills it with SIGKILL at a random moment, reopens the node in-process and
/// checks the promise: every acknowledged put reads back bit-exact (unless its delete was
/// acknowledged), and every shard visible at all is complete and exactly the workload's bytes.
/// </summary>
public static class CrashRunner
{
    public static async Task RunAsync(string root, int iterations, int seed, Action<string>? log = null)
    {
        var random = new Random(seed);
        var history = new CrashLog();
        string host = Path.Combine(AppContext.BaseDirectory, "Archive.Storage.CrashHost.dll");
        for (int i = 0; i < iterations; i++)
        {
            long start = (i + 1) * 1_000_000L;
            int killAfterMs = random.Next(50, 1200);
            int acks = await RunOnceAsync(host, root, start, killAfterMs, history);
            log?.Invoke($"iteration {i}: killed after {killAfterMs} ms, {acks} acks this run, {history.Acked.Count} in all, {history.Compactions} compactions");
            await VerifyAsync(root, history);
        }

        Assert.Empty(history.Failures);
        Assert.True(history.Acked.Count > 0, "the host never acknowledged a put");
    }

    private static async Task<int> RunOnceAsync(string host, string root, long start, int killAfterMs, CrashLog history)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { host, root, start.ToString(System.Globalization.CultureInfo.InvariantCulture), "2", "4" })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int acks = 0;
        var reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line == "READY")
                {
                    ready.TrySetResult();
                }

                acks += line.StartsWith("ACK ", StringComparison.Ordinal) ? 1 : 0;
                history.Add(line);
            }
        });
        var stderr = process.StandardError.ReadToEndAsync();
        var first = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(ready.Task.IsCompleted, $"crash host did not start: {(process.HasExited ? await stderr : "timeout")}");
        await Task.Delay(killAfterMs);
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        await reading;
        return acks;
    }

    public static async Task VerifyAsync(string root, CrashLog history)
    {
        using var meters = new TestMeterFactory();
        var (store, index) = await CrashNode.OpenAsync(root, 2, meters);
        try
        {
            foreach (long n in history.Acked)
            {
                var expected = CrashWorkload.ContentOf(n);
                var buffer = new byte[expected.Length];
                var read = await store.ReadAsync(CrashWorkload.KeyOf(n), 0, buffer);
                if (history.Deleted.Contains(n))
                {
                    Assert.True(read.Status == ShardStatus.NotFound, $"shard {n}: delete was acknowledged but it reads {read.Status}");
                }
                else if (!(history.DeleteInFlight.Contains(n) && read.Status == ShardStatus.NotFound))
                {
                    Assert.True(read.Status == ShardStatus.Ok, $"acknowledged shard {n} reads {read.Status}");
                    Assert.True(expected.AsSpan().SequenceEqual(buffer.AsSpan(0, read.BytesRead)), $"acknowledged shard {n} differs");
                }
            }

            // Nothing half-visible: whatever is listed is whole and exactly the workload's bytes.
            await foreach (var shard in store.ListAsync())
            {
                Assert.True(CrashWorkload.TryNumberOf(shard.Key.Object.Id, out long n), $"unknown shard {shard.Key}");
                Assert.Equal(Storage.Indexing.ShardState.Live, shard.State);
                var verify = await store.VerifyAsync(shard.Key);
                Assert.True(verify.Status == ShardStatus.Ok, $"listed shard {n}: {verify}");
                var expected = CrashWorkload.ContentOf(n);
                var buffer = new byte[expected.Length + 1];
                var read = await store.ReadAsync(shard.Key, 0, buffer);
                Assert.True(read.Status == ShardStatus.Ok && expected.AsSpan().SequenceEqual(buffer.AsSpan(0, read.BytesRead)), $"listed shard {n} is not the workload's bytes");
                Assert.NotNull(await store.GetManifestAsync(shard.Key.Object));
            }
        }
        finally
        {
            await store.DisposeAsync();
            index.Dispose();
        }
    }
}
