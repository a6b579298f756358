namespace Archive.Grid.Map;

/// <summary>A grid map that must not be used, with every reason found.</summary>
public sealed class GridMapException(IReadOnlyList<string> errors)
    : Exception("invalid grid map: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
