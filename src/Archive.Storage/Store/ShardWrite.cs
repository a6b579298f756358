using Archive.Storage.Primitives;
using Archive.Storage.Records;

namespace Archive.Storage.Store;

/// <summary>
/// A shard to store. The store frames <see cref="Data"/> into blocks of <see cref="ObjectManifest.BlockSize"/>
/// with the codec's checksums. The caller keeps <see cref="Data"/> unchanged until the put completes.
/// </summary>
/// <param name="Manifest">The object's manifest (copied into the record).</param>
/// <param name="ShardIndex">Which shard (0..k+m-1).</param>
/// <param name="Data">The shard bytes.</param>
/// <param name="PreferredDisk">The disk placement chose; when null the store picks a healthy disk.</param>
public sealed record ShardWrite(ObjectManifest Manifest, ushort ShardIndex, ReadOnlyMemory<byte> Data, DiskId? PreferredDisk = null)
{
    /// <summary>The key this write creates.</summary>
    public ShardKey Key => new(Manifest.Key, ShardIndex);
}
