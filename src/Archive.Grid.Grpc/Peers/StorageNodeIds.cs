using System.Security.Cryptography;
using System.Text;
using Archive.Storage.Primitives;

namespace Archive.Grid.Grpc.Peers;

/// <summary>
/// The storage engine's node id (a GUID written in every disk label) for a grid node id (a name
/// in the grid map). Fixed forever: disks labelled under one derivation refuse a node that
/// derives another. Pure.
/// </summary>
public static class StorageNodeIds
{
    /// <summary>The first 16 bytes of SHA-256("archive-node\0" + id) as a GUID.</summary>
    public static NodeId Of(string gridNodeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(gridNodeId);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("archive-node\0" + gridNodeId), hash);
        return new NodeId(new Guid(hash[..16]));
    }
}
