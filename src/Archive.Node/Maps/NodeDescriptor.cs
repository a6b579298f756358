using System.Text.Json.Serialization;

namespace Archive.Node.Maps;

/// <summary>
/// What <c>archive-node init</c> prints for one node once its disks are formatted: the facts a
/// grid map needs about it. One JSON object per line; consumed by <c>archive-node new-map</c>, and, as printed, a node
/// entry of the map that adds the node to a running grid (<see cref="State"/> included, as the map requires it).
/// </summary>
public sealed record NodeDescriptor(string Id, string Address, string Site, string Rack, IReadOnlyList<DiskDescriptor> Disks)
{
    /// <summary>"Active": a node added to a map takes shards at once.</summary>
    public string State { get; init; } = "Active";
}

/// <summary>A formatted data disk: its label id (32 hex digits), directory and weight (the map ignores the directory).</summary>
public sealed record DiskDescriptor(string Id, string Root, double Weight)
{
    /// <summary>"Active", as the map requires of each disk.</summary>
    public string State { get; init; } = "Active";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(NodeDescriptor))]
internal sealed partial class NodeDescriptorJson : JsonSerializerContext;
