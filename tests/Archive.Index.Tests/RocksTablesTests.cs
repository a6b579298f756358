using Archive.Index.Schema;
using RocksDbSharp;

namespace Archive.Index.Tests;

/// <summary>Every column family of both databases writes its table files with a whole-key Bloom filter (<see cref="RocksTables"/>).</summary>
public sealed class RocksTablesTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "archive-index-tests", "tables-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void GridDatabase_EveryColumnFamily_TableFilesCarryABloomFilter()
    {
        using var database = GridDatabase.Open(_directory);

        AssertFiltered(database.Db, GridDatabase.Families);
    }

    [Fact]
    public void ShardIndex_EveryColumnFamily_TableFilesCarryABloomFilter()
    {
        using var index = RocksShardIndex.Open(_directory);

        AssertFiltered(index.Database, IndexSchema.ColumnFamilies);
    }

    /// <summary>Writes three keys to each family, flushes them to a table file and reads the filter's entry count from its properties.</summary>
    private static void AssertFiltered(RocksDb db, IEnumerable<string> families)
    {
        foreach (var name in families)
        {
            var family = db.GetColumnFamily(name);
            for (byte k = 0; k < 3; k++)
            {
                db.Put([0xFE, k], [k], family);
            }

            db.CompactRange((byte[]?)null, null, family);
            var properties = db.GetProperty("rocksdb.aggregated-table-properties", family) ?? string.Empty;
            Assert.True(properties.Contains("# entries for filter=3", StringComparison.Ordinal), $"{name}: {properties}");
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
