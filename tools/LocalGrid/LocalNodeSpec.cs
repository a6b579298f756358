using System.Text.Json.Serialization;

namespace Archive.Tools.LocalGrid;

/// <summary>One node of a local grid: ports, directories and (once started) its process id; <paramref name="Https"/>: gRPC over TLS.</summary>
public sealed record LocalNodeSpec(
    string Id,
    int GrpcPort,
    int HttpPort,
    int DicomPort,
    string DicomAe,
    string Home,
    IReadOnlyList<string> DataDirs,
    bool Https = false)
{
    [JsonIgnore]
    public string GrpcUrl => $"{(Https ? "https" : "http")}://127.0.0.1:{GrpcPort}";

    [JsonIgnore]
    public string HttpUrl => $"http://127.0.0.1:{HttpPort}";

    [JsonIgnore]
    public string ConfigPath => Path.Combine(Home, "node.json");

    [JsonIgnore]
    public string MapPath => Path.Combine(Home, "grid-map.json");

    [JsonIgnore]
    public string LogPath => Path.Combine(Home, "node.log");

    /// <summary>Process id while running, 0 when stopped.</summary>
    public int Pid { get; init; }

    /// <summary>The archive-node it was last started with; null in a state written before this was kept (up's then).</summary>
    public string? Binary { get; init; }
}

/// <summary>The persisted state of a local grid (<c>D/local-grid.json</c>): what <c>down</c>, <c>stop</c> and <c>start</c> act on.</summary>
public sealed record LocalGridState(string NodeBinary, IReadOnlyList<LocalNodeSpec> Nodes);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(LocalGridState))]
internal sealed partial class LocalGridJson : JsonSerializerContext;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(NodeLine))]
internal sealed partial class NodeLineJson : JsonSerializerContext;

/// <summary>The JSON line printed per node by <c>up</c> and <c>start</c>.</summary>
internal sealed record NodeLine(string Id, int Pid, string DicomAe, int DicomPort, string Grpc, string Metrics, string Health, string Home, IReadOnlyList<string> DataDirs, string Log);
