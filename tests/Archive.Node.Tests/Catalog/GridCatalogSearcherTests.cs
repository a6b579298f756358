using Archive.Catalog.Index;
using Archive.Catalog.Model;
using Archive.Catalog.Query;
using Archive.Dicom.Model;
using Archive.Grid.Grpc;
using Archive.Grid.Grpc.Client;
using Archive.Grid.Grpc.Peers;
using Archive.Grid.Grpc.Security;
using Archive.Grid.Map;
using Archive.Grid.Membership;
using Archive.Index;
using Archive.Index.Catalog;
using Archive.Node.Catalog;
using Archive.Testing;
using Archive.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Node.Tests.Catalog;

/// <summary>The grid search on a one-node map over a real catalog index: what the C-FIND handler's cap sees.</summary>
public sealed class GridCatalogSearcherTests : IDisposable
{
    private const string StudyX = "1.2.826.0.1.97.2";
    private const string StudyY = "1.2.826.0.1.97.1";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "grid-search-" + Guid.NewGuid().ToString("N"));
    private readonly GridDatabase _database;
    private readonly RocksCatalogIndex _index;

    public GridCatalogSearcherTests()
    {
        _database = GridDatabase.Open(_directory);
        _index = new RocksCatalogIndex(_database);
    }

    [Fact]
    public async Task ImageLevel_OneInstanceInTwoStudies_TheCapStillSeesEveryOtherInstance()
    {
        // Five instances in study X, the first sent again under study Y (a study correction): five distinct SOP Instance
        // UIDs. Asked for one more than a cap of 4, the search must not come back with 4 as if that were all.
        for (var i = 1; i <= 5; i++)
        {
            await _index.PutAsync(Entry(StudyX, $"{StudyX}.1.{i}", DateTimeOffset.UnixEpoch.AddSeconds(i)));
        }

        await _index.PutAsync(Entry(StudyY, $"{StudyX}.1.1", DateTimeOffset.UnixEpoch.AddSeconds(10)));
        using var peers = Peers(out var searcher);

        var rows = await searcher.SearchAsync(ImageQuery(), new QueryScope("site-a", AllSites: true), limit: 5, CancellationToken.None);

        Assert.Equal(5, rows.Count);
        Assert.Equal(5, rows.Select(r => r.Get(CatalogSchema.SopInstanceUid)).Distinct().Count());
    }

    [Fact]
    public async Task PatientLevel_ByTheNameOfOneStudy_CountsEveryStudyOfThePatient()
    {
        await _index.PutAsync(Entry(StudyX, StudyX + ".1.1", DateTimeOffset.UnixEpoch, "Dupont^Marie"));
        await _index.PutAsync(Entry(StudyY, StudyY + ".1.1", DateTimeOffset.UnixEpoch, "Martin^Marie"));
        using var peers = Peers(out var searcher);
        var identifier = new DicomDataset();
        identifier.AddOrReplaceText(CatalogSchema.QueryRetrieveLevel, DicomVR.CS, "PATIENT");
        identifier.AddOrReplaceText(CatalogSchema.PatientName, DicomVR.PN, "martin*");
        identifier.AddOrReplaceText(CatalogSchema.NumberOfPatientRelatedStudies, DicomVR.IS, string.Empty);
        Assert.True(CatalogQuery.TryParse(identifier, QueryModel.PatientRoot, out var query, out _, out var detail), detail);

        var patient = Assert.Single(await searcher.SearchAsync(query!, new QueryScope("site-a", AllSites: false), limit: 10, CancellationToken.None));

        Assert.Equal("2", patient.Get(CatalogSchema.NumberOfPatientRelatedStudies));
    }

    private GrpcPeerConnector Peers(out GridCatalogSearcher searcher)
    {
        var map = MapBuilder.Build(1, 1, 1, 1);
        var peers = new GrpcPeerConnector(
            new LocalNode(map.Nodes[0].Id, "c"), new InMemoryShardStore(), new InMemoryManifestReplica(() => false), new ClusterIdentity("c", "s"),
            new GrpcEdgeOptions { ClusterId = "c", ClusterSecret = "s", SpoolDirectory = _directory }, new PeerReports(TimeProvider.System), TimeProvider.System);
        searcher = new GridCatalogSearcher(map.Nodes[0].Id, _index, new GridMapHolder(map), peers, new MembershipTable(new MembershipOptions(), TimeProvider.System, map.Nodes[0].Id), TimeSpan.FromSeconds(5), NullLogger<GridCatalogSearcher>.Instance);
        return peers;
    }

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static CatalogQuery ImageQuery()
    {
        var identifier = new DicomDataset();
        identifier.AddOrReplaceText(CatalogSchema.QueryRetrieveLevel, DicomVR.CS, "IMAGE");
        identifier.AddOrReplaceText(CatalogSchema.SopInstanceUid, DicomVR.UI, string.Empty);
        Assert.True(CatalogQuery.TryParse(identifier, QueryModel.StudyRoot, out var query, out _, out var detail), detail);
        return query!;
    }

    private static CatalogEntry Entry(string study, string sop, DateTimeOffset storedAt, string name = "Test^Patient")
    {
        var values = new Dictionary<DicomTag, string>
        {
            [CatalogSchema.PatientName] = name,
            [CatalogSchema.PatientId] = "P1",
            [CatalogSchema.StudyInstanceUid] = study,
            [CatalogSchema.SeriesInstanceUid] = study + ".1",
            [CatalogSchema.SopInstanceUid] = sop,
            [CatalogSchema.SopClassUid] = "1.2.840.10008.5.1.4.1.1.7",
        };
        return new CatalogEntry(new CatalogRecord("site-a", "1.2.840.10008.1.2.1", 100, values, new Dictionary<DicomTag, IReadOnlyList<IReadOnlyDictionary<DicomTag, string>>>()), sop + "@" + study, storedAt);
    }
}
