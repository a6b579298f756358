namespace Archive.Integration.Tests.Grid;

/// <summary>Grid tests run one at a time: each starts six node processes on a small machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GridCollection
{
    public const string Name = "grid processes";
}
