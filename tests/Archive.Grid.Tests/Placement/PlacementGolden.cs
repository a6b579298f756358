namespace Archive.Grid.Tests.Placement;

/// <summary>Frozen placement vectors. Never edit: a change here means every stored shard would move.</summary>
internal static class PlacementGolden
{
    public static readonly string[] Ec42SixNodesTwoDisks = ["n005-d1", "n001-d0", "n003-d0", "n000-d0", "n004-d1", "n002-d1"];
}
