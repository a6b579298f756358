using System.Text;
using Archive.Index;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using RocksDbSharp;

namespace Archive.Bench.Storage;

/// <summary>
/// A Get of a key that is not there, as the write path asks on every catalog replica (a new object's manifest version,
/// instance and SOP Instance UID keys), in a column family of <see cref="Keys"/> catalog-like keys (UID text, flushed to
/// table files): with the node's table options (<see cref="RocksTables"/>, a Bloom filter) against RocksDB's defaults,
/// in the same run. Time per lookup = mean / <see cref="Lookups"/>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class AbsentKeyLookupBenchmarks
{
    public const int Lookups = 20_000;

    private string _directory = null!;
    private RocksDb _db = null!;
    private ColumnFamilyHandle _family = null!;
    private byte[][] _absent = null!;

    [Params(3_000_000)]
    public int Keys { get; set; }

    [Params(false, true)]
    public bool NodeOptions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "archive-bench-lookup-" + Guid.NewGuid().ToString("N"));
        var families = new ColumnFamilies { { "keys", NodeOptions ? RocksTables.Options() : new ColumnFamilyOptions() } };
        _db = RocksDb.Open(new DbOptions().SetCreateIfMissing(true).SetCreateMissingColumnFamilies(true), _directory, families);
        _family = _db.GetColumnFamily("keys");
        var random = new Random(7);
        var unlogged = new WriteOptions().SetSync(false).DisableWal(1);
        for (var i = 0; i < Keys; i += 1_000)
        {
            using var batch = new WriteBatch();
            for (var k = 0; k < 1_000; k++)
            {
                batch.Put(Key(random), Array.Empty<byte>(), _family);
            }

            _db.Write(batch, unlogged);
        }

        _db.CompactRange((byte[]?)null, null, _family);
        _absent = Enumerable.Range(0, Lookups).Select(_ => Key(random)).ToArray();
    }

    [Benchmark]
    public int GetAbsent()
    {
        var found = 0;
        foreach (var key in _absent)
        {
            found += _db.Get(key, _family) is null ? 0 : 1;
        }

        return found;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _db.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static byte[] Key(Random random) =>
        Encoding.ASCII.GetBytes($"s1.2.826.0.1.3680043.8.498.{random.NextInt64(1L << 40)}.{random.NextInt64(1L << 40)}\01.2.826.0.1.3680043.8.498.{random.NextInt64(1L << 40)}");
}
