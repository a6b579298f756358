using System.Buffers.Binary;
using Archive.Index.Schema;
using RocksDbSharp;

namespace Archive.Index;

/// <summary>
/// The node's RocksDB for grid data: catalog partition replicas (<c>manifests</c>) and the
/// repair queue (<c>repair</c>). It is a second RocksDB directory next to the shard index
/// (<see cref="RocksShardIndex"/> owns its handle privately and knows only storage tables), so
/// grid data and storage inventory can be rebuilt or upgraded separately. Schema version
/// <see cref="CurrentVersion"/> lives in the default column family. Opened once per node;
/// thread-safe (RocksDB is); owns the handle and closes it on <see cref="Dispose"/>.
/// </summary>
public sealed class GridDatabase : IDisposable
{
    /// <summary>Schema version this build writes.</summary>
    public const uint CurrentVersion = 1;

    /// <summary>Catalog partition replica column family.</summary>
    public const string ManifestsFamily = "manifests";

    /// <summary>Repair queue column family.</summary>
    public const string RepairFamily = "repair";

    /// <summary>Catalog: instance records, by study (<see cref="Catalog.RocksCatalogIndex"/>).</summary>
    public const string CatalogInstancesFamily = "catalog-instances";

    /// <summary>Catalog: one summary row per study.</summary>
    public const string CatalogStudiesFamily = "catalog-studies";

    /// <summary>Catalog: secondary keys (patient id, accession, date, name, series, instance) → study.</summary>
    public const string CatalogKeysFamily = "catalog-keys";

    /// <summary>Scrub ledger: per-disk position, per-segment results, per-shard last verification (<see cref="Scrub.RocksScrubLedger"/>).</summary>
    public const string ScrubFamily = "scrub";

    /// <summary>Deferred compression steps, by due time (<see cref="DeferredCompression.RocksDeferredCompressionQueue"/>).</summary>
    public const string DeferredCompressionFamily = "deferred-compression";

    /// <summary>Every column family but the default one.</summary>
    internal static readonly IReadOnlyList<string> Families = [ManifestsFamily, RepairFamily, CatalogInstancesFamily, CatalogStudiesFamily, CatalogKeysFamily, ScrubFamily, DeferredCompressionFamily];

    private static readonly byte[] VersionKey = "grid-schema-version"u8.ToArray();
    private static readonly byte[] CheckpointKey = "manifest-checkpoint"u8.ToArray();

    private GridDatabase(RocksDb db)
    {
        Db = db;
        Manifests = db.GetColumnFamily(ManifestsFamily);
        Repair = db.GetColumnFamily(RepairFamily);
        CatalogInstances = db.GetColumnFamily(CatalogInstancesFamily);
        CatalogStudies = db.GetColumnFamily(CatalogStudiesFamily);
        CatalogKeys = db.GetColumnFamily(CatalogKeysFamily);
        Scrub = db.GetColumnFamily(ScrubFamily);
        DeferredCompression = db.GetColumnFamily(DeferredCompressionFamily);
    }

    internal RocksDb Db { get; }

    internal ColumnFamilyHandle Manifests { get; }

    internal ColumnFamilyHandle Repair { get; }

    internal ColumnFamilyHandle CatalogInstances { get; }

    internal ColumnFamilyHandle CatalogStudies { get; }

    internal ColumnFamilyHandle CatalogKeys { get; }

    internal ColumnFamilyHandle Scrub { get; }

    internal ColumnFamilyHandle DeferredCompression { get; }

    /// <summary>Synced writes: they return once the write-ahead log is on disk.</summary>
    internal WriteOptions Durable { get; } = new WriteOptions().SetSync(true);

    /// <summary>Unsynced writes (write-ahead log, no fsync): for what a crash may lose without harm.</summary>
    internal WriteOptions Relaxed { get; } = new WriteOptions().SetSync(false);

    /// <summary>The last <see cref="WriteCheckpoint"/>, or null if none was ever written.</summary>
    public ManifestCheckpoint? ReadCheckpoint()
    {
        var value = Db.Get(CheckpointKey);
        return value is { Length: 9 }
            ? new ManifestCheckpoint(new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(value), TimeSpan.Zero), value[8] == 1)
            : null;
    }

    /// <summary>
    /// Writes <paramref name="checkpoint"/> synced. The write-ahead log is one sequence and recovery keeps a
    /// prefix of it, so once this returns every write made before it, unsynced ones included, is durable too.
    /// </summary>
    public void WriteCheckpoint(ManifestCheckpoint checkpoint)
    {
        var value = new byte[9];
        BinaryPrimitives.WriteInt64LittleEndian(value, checkpoint.At.UtcTicks);
        value[8] = checkpoint.Clean ? (byte)1 : (byte)0;
        Db.Put(CheckpointKey, value, writeOptions: Durable);
    }

    /// <summary>Opens or creates the database in <paramref name="directory"/>.</summary>
    /// <exception cref="IndexSchemaException">The schema is newer than this build.</exception>
    public static GridDatabase Open(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var options = new DbOptions().SetCreateIfMissing(true).SetCreateMissingColumnFamilies(true);
        var families = new ColumnFamilies();
        foreach (var name in Families)
        {
            families.Add(name, RocksTables.Options());
        }

        var db = RocksDb.Open(options, directory, families);
        try
        {
            var value = db.Get(VersionKey);
            if (value is null)
            {
                var bytes = new byte[4];
                BinaryPrimitives.WriteUInt32LittleEndian(bytes, CurrentVersion);
                db.Put(VersionKey, bytes, writeOptions: new WriteOptions().SetSync(true));
            }
            else if (value.Length != 4 || BinaryPrimitives.ReadUInt32LittleEndian(value) is 0 or > CurrentVersion)
            {
                throw new IndexSchemaException($"Grid database schema is not readable by this build (v{CurrentVersion}).");
            }

            return new GridDatabase(db);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Db.Dispose();
}

/// <summary>
/// Every write to the <see cref="GridDatabase"/> made before <see cref="At"/> is durable; <see cref="Clean"/>: the
/// node stopped cleanly right after, so nothing written unsynced can have been lost since.
/// </summary>
public readonly record struct ManifestCheckpoint(DateTimeOffset At, bool Clean);
