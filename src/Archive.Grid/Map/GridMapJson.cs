using System.Text.Json;
using System.Text.Json.Serialization;

namespace Archive.Grid.Map;

/// <summary>
/// The grid map file: JSON, versioned by <c>formatVersion</c> (major; additive fields keep it),
/// validated on load. See tools/local-grid and hardware/ for examples.
/// </summary>
public static class GridMapJson
{
    /// <summary>The format this code writes and the newest it reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Parses and validates a map; throws <see cref="GridMapException"/> listing every problem.</summary>
    public static GridMap Parse(string json)
    {
        GridMapDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, GridMapJsonContext.Default.GridMapDocument);
        }
        catch (JsonException e)
        {
            // The serializer names the path but not what it would take: say it for the states an operator edits by hand.
            var hint = e.Path switch
            {
                { } path when path.EndsWith(".state", StringComparison.Ordinal) && path.Contains(".disks[", StringComparison.Ordinal) => $" (a disk's state is one of {string.Join(", ", Enum.GetNames<DiskState>())})",
                { } path when path.EndsWith(".state", StringComparison.Ordinal) => $" (a node's state is one of {string.Join(", ", Enum.GetNames<NodeState>())})",
                _ => string.Empty,
            };
            throw new GridMapException([$"not a valid grid map JSON document: {e.Message}{hint}"]);
        }

        if (document is null)
        {
            throw new GridMapException(["the grid map file is empty"]);
        }

        if (document.FormatVersion is < 1 or > FormatVersion)
        {
            throw new GridMapException([$"formatVersion {document.FormatVersion} is not supported (this build reads 1..{FormatVersion})"]);
        }

        var map = new GridMap(
            document.ClusterId ?? string.Empty,
            document.Epoch,
            document.Nodes ?? [],
            document.StorageClasses ?? [],
            document.Policy ?? new StorageClassPolicy(string.Empty, null, 0));
        var errors = GridMapValidator.Validate(map);
        return errors.Count == 0 ? map : throw new GridMapException(errors);
    }

    /// <summary>Reads and validates a map file.</summary>
    public static GridMap Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Serialises a map (indented, camelCase, enums as lower-case names).</summary>
    public static string Serialize(GridMap map) => JsonSerializer.Serialize(
        new GridMapDocument(FormatVersion, map.ClusterId, map.Epoch, [.. map.Nodes], [.. map.StorageClasses], map.Policy),
        GridMapJsonContext.Default.GridMapDocument);
}

/// <summary>The file's shape; the in-memory model is <see cref="GridMap"/>.</summary>
internal sealed record GridMapDocument(
    int FormatVersion,
    string? ClusterId,
    long Epoch,
    List<GridNode>? Nodes,
    List<StorageClass>? StorageClasses,
    StorageClassPolicy? Policy);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(GridMapDocument))]
internal sealed partial class GridMapJsonContext : JsonSerializerContext;
