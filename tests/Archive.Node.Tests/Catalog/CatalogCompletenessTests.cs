using Archive.Grid.Peers;
using Archive.Node.Catalog;
using Archive.Testing;

namespace Archive.Node.Tests.Catalog;

/// <summary>
/// When a grid-wide catalog search may answer: each partition has m + 1 replicas (3 for ec-4-2), so with up to m
/// nodes silent every partition still has one; beyond that the search must say it is incomplete, not answer short.
/// </summary>
public sealed class CatalogCompletenessTests
{
    private static readonly Archive.Grid.Map.GridMap Map = MapBuilder.Build(1, 1, 6, 1);
    private static readonly string[] Nodes = Map.Nodes.Select(n => n.Id).ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void AnyQuery_UpToMNodesSilent_Complete(int silent) =>
        Assert.Null(GridCatalogSearcher.Unanswered(Map, null, Nodes.Skip(silent).ToHashSet()));

    [Fact]
    public void AnyQuery_MPlusOneNodesSilent_IncompleteNamingThem()
    {
        var missing = GridCatalogSearcher.Unanswered(Map, null, Nodes.Skip(3).ToHashSet());
        Assert.Equal("catalog incomplete: 3 silent: n000,n001,n002", missing);
    }

    [Fact]
    public void StudyQuery_OneReplicaOfEachNamedStudyAnswered_CompleteEvenWithMoreNodesSilent()
    {
        string[] studies = ["1.2.3.1", "1.2.3.2"];
        var oneEach = studies.Select(s => ManifestDirectory.ReplicasOf(Map, s)[2].Id).ToHashSet();
        Assert.Null(GridCatalogSearcher.Unanswered(Map, studies, oneEach));
    }

    [Fact]
    public void StudyQuery_EveryReplicaOfANamedStudySilent_IncompleteNamingItsNodesWithinAnErrorComment()
    {
        string[] studies = ["1.2.3.1", "1.2.3.2"];
        var dark = ManifestDirectory.ReplicasOf(Map, studies[1]).Select(n => n.Id).Order(StringComparer.Ordinal).ToArray();
        var missing = GridCatalogSearcher.Unanswered(Map, studies, Nodes.Where(n => !dark.Contains(n)).ToHashSet());
        Assert.Equal($"catalog incomplete: 3 silent: {string.Join(',', dark)}", missing);
        Assert.True(missing!.Length <= 64, missing);
    }
}
