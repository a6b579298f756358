using RocksDbSharp;

namespace Archive.Index.Schema;

/// <summary>
/// v1 → v2: creates the <c>checkpoints</c> column family. It starts empty, which is safe: with no
/// checkpoint, start-up recovery rescans each segment from its start and re-creates them.
/// </summary>
internal sealed class AddCheckpointsStep : IIndexUpgradeStep
{
    public uint FromVersion => 1;

    public void Apply(RocksDb db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!db.TryGetColumnFamily(IndexSchema.Checkpoints, out _))
        {
            db.CreateColumnFamily(RocksTables.Options(), IndexSchema.Checkpoints);
        }
    }
}
