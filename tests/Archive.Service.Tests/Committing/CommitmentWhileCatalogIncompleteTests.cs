using Archive.Catalog.Query;
using Archive.Grid.Peers;
using Archive.Service.Committing;
using Archive.Service.Configuration;
using Archive.Service.Querying;
using Archive.Testing.Fakes;

namespace Archive.Service.Tests.Committing;

/// <summary>"No such object instance" is a final answer: it may only be given when every catalog partition could answer.</summary>
public sealed class CommitmentWhileCatalogIncompleteTests
{
    [Fact]
    public async Task Check_CatalogPartitionsUnreachable_NotYetRatherThanNoSuchInstance()
    {
        using var grid = new FakeGrid(6);
        var registry = new AeRegistry(new ArchiveServiceOptions { AeTitle = "ARCHIVE", AcceptUnknownCallers = true });
        var verifier = new GridCommitmentVerifier(registry, new UnreachableCatalog(), grid.Reader, grid.Maps, grid);

        var check = await verifier.CheckAsync(new CommitmentItem("1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.5"), "PACS", CancellationToken.None);

        Assert.Equal(CommitmentCheckStatus.NotYet, check.Status);
        Assert.Contains("catalog incomplete", check.Detail, StringComparison.Ordinal);
    }

    private sealed class UnreachableCatalog : ICatalogSearcher
    {
        public Task<IReadOnlyList<CatalogRow>> SearchAsync(CatalogQuery query, QueryScope scope, int limit, CancellationToken cancellationToken) =>
            throw new PartitionsUnreachableException("catalog incomplete: 3 nodes did not answer (n000, n001, n002), and each partition has 3 replicas");
    }
}
