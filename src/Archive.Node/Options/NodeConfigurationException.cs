namespace Archive.Node.Options;

/// <summary>The configuration is unusable; <see cref="Problems"/> lists every problem found.</summary>
public sealed class NodeConfigurationException(IReadOnlyList<string> problems)
    : Exception("invalid node configuration:\n  - " + string.Join("\n  - ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
