using System.Diagnostics;
using Archive.Grid.Grpc.Client;

namespace Archive.Bench.Grid;

/// <summary>One measured phase: <c>count</c> objects of <c>size</c> bytes written (or read) with <c>concurrency</c> calls in flight.</summary>
internal sealed record PhaseResult(string Phase, long ObjectBytes, int Objects, int Concurrency, double Seconds, int Failures)
{
    public double MegabytesPerSecond => ObjectBytes * (double)Objects / 1e6 / Seconds;

    public double ObjectsPerSecond => Objects / Seconds;
}

/// <summary>Writes then reads a set of random objects through the nodes' admin clients (round-robin coordinators).</summary>
internal static class ObjectLoad
{
    public static async Task<PhaseResult> WriteAsync(IReadOnlyList<ObjectClient> clients, string prefix, int size, int count, int concurrency)
    {
        var payload = new byte[size];
        new Random(size).NextBytes(payload);
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            // Each object differs in its first 8 bytes so none is a duplicate of another.
            var bytes = (byte[])payload.Clone();
            BitConverter.TryWriteBytes(bytes, (long)i);
            var result = await clients[i % clients.Count].PutAsync($"bench.{prefix}.study.{i % 16}", $"bench.{prefix}.{i}", new MemoryStream(bytes), bytes.Length, ReadOnlyMemory<byte>.Empty, ct, TimeSpan.FromMinutes(10));
            if (!result.IsAcknowledged)
            {
                Interlocked.Increment(ref failures);
            }
        });
        return new PhaseResult("write", size, count, concurrency, clock.Elapsed.TotalSeconds, failures);
    }

    public static async Task<PhaseResult> ReadAsync(IReadOnlyList<ObjectClient> clients, string prefix, int size, int count, int concurrency)
    {
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            // Read through a different node than the one that wrote it.
            var result = await clients[(i + 1) % clients.Count].GetAsync($"bench.{prefix}.study.{i % 16}", $"bench.{prefix}.{i}", Stream.Null, ct, TimeSpan.FromMinutes(10));
            if (result.Status != ObjectGetStatus.Ok)
            {
                Interlocked.Increment(ref failures);
            }
        });
        return new PhaseResult("read", size, count, concurrency, clock.Elapsed.TotalSeconds, failures);
    }
}
