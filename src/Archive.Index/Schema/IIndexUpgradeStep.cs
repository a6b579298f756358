using RocksDbSharp;

namespace Archive.Index.Schema;

/// <summary>One explicit schema upgrade, from <see cref="FromVersion"/> to <see cref="FromVersion"/> + 1.</summary>
public interface IIndexUpgradeStep
{
    /// <summary>The version this step upgrades.</summary>
    uint FromVersion { get; }

    /// <summary>Applies the step. The caller then writes the new version.</summary>
    void Apply(RocksDb db);
}
