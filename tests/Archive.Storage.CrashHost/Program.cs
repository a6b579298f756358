using System.Diagnostics.Metrics;
using Archive.Storage.Compaction;
using Archive.Storage.CrashHost;
using Archive.Storage.Store;

// Usage: Archive.Storage.CrashHost ROOT BASE [DISKS] [WRITERS]
// Writes shard numbers BASE, BASE+1, ... with WRITERS concurrent writers and prints, for each:
//   "ACK n" after the put returned success, "DELETING n" / "DELETED n" around deletes of earlier shards,
//   "COMPACTED d s STATUS" for the background compaction of sealed segments with dead records.
// Prints "READY" once recovery finished. Runs until killed.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Archive.Storage.CrashHost ROOT BASE [DISKS] [WRITERS]");
    return 2;
}

string root = args[0];
long start = long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
int disks = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2;
int writers = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 4;

using var meters = new HostMeterFactory();
var (store, index) = await CrashNode.OpenAsync(root, disks, meters);
var output = Console.Out;
var gate = new object();
void Say(string line)
{
    lock (gate)
    {
        output.WriteLine(line);
        output.Flush();
    }
}

Say("READY");
var compactor = new SegmentCompactor(store);
_ = Task.Run(async () =>
{
    while (true)
    {
        await Task.Delay(150);
        foreach (var disk in store.Disks)
        {
            var victim = compactor.GetUsage(disk.Id).Where(u => u.DeadFraction > 0.05).OrderByDescending(u => u.DeadFraction).FirstOrDefault();
            if (victim.FileBytes > 0)
            {
                var result = await compactor.CompactAsync(disk.Id, victim.SegmentId);
                Say($"COMPACTED {disk.Id} {victim.SegmentId} {result.Status}");
            }
        }
    }
});
long next = start - 1;
await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
{
    while (true)
    {
        long n = Interlocked.Increment(ref next);
        var outcome = await store.PutAsync(CrashWorkload.WriteOf(n));
        if (outcome.Status != ShardStatus.Ok)
        {
            Say($"FAIL {n} {outcome.Status}");
            continue;
        }

        Say($"ACK {n}");
        if (n % 7 == 3)
        {
            long victim = n - 3;
            Say($"DELETING {victim}");
            var deleted = await store.DeleteAsync(CrashWorkload.KeyOf(victim));
            Say($"DELETED {victim} {deleted}");
        }
    }
})));
await store.DisposeAsync();
index.Dispose();
return 0;

/// <summary>A plain meter factory for the host process.</summary>
internal sealed class HostMeterFactory : IMeterFactory
{
    public Meter Create(MeterOptions options) => new(options.Name, options.Version, options.Tags, scope: this);

    public void Dispose()
    {
    }
}
