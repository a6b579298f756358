using System.Reflection;

namespace Archive.Cli.Commands.Plan;

/// <summary>
/// Node profiles by name or path: the reference profiles of hardware/profiles/ are embedded in the
/// CLI (edge-1u, standard-2u-12, dense-4u); anything else is read as a JSON file.
/// </summary>
public static class NodeProfiles
{
    private const string ResourcePrefix = "profiles.";

    /// <summary>Names of the embedded reference profiles.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = typeof(NodeProfiles).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The profile named <paramref name="nameOrPath"/>; throws <see cref="PlanInputException"/> when there is none or it is invalid.</summary>
    public static NodeProfile Load(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        using var resource = typeof(NodeProfiles).Assembly.GetManifestResourceStream(ResourcePrefix + nameOrPath + ".json");
        if (resource is not null)
        {
            using var reader = new StreamReader(resource);
            return NodeProfile.Parse(reader.ReadToEnd());
        }

        try
        {
            return NodeProfile.Parse(File.ReadAllText(nameOrPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PlanInputException($"no profile '{nameOrPath}' (built in: {string.Join(", ", BuiltIn)}; or a JSON file): {e.Message}", inProfile: true);
        }
    }
}
