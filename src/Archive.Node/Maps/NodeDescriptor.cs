using System.Text.Json.Serialization;

namespace Archive.Node.Maps;

/// <summary>
/// What <c>archive-node init</c> prints for one node once its disks are formatted: the facts a
/// grid map needs about it. One JSON object per line; consumed by <c>archive-node new-map</c>.
/// </summary>
public sealed record NodeDescriptor(string Id, string Address, string Site, string Rack, IReadOnlyList<DiskDescriptor> Disks);

/// <summary>A formatted data disk: its label id (32 hex digits), directory and weight.</summary>
public sealed record DiskDescriptor(string Id, string Root, double Weight);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(NodeDescriptor))]
internal sealed partial class NodeDescriptorJson : JsonSerializerContext;
