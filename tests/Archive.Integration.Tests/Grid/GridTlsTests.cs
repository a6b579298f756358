using Archive.Grid.Grpc.Client;
using Archive.Testing.Tls;
using Archive.Tools.LocalGrid;

namespace Archive.Integration.Tests.Grid;

/// <summary>
/// A grid whose nodes talk gRPC over TLS (https URLs in the map, the grid's CA): writes reach their quorum, and with two
/// nodes killed every object still reads back bit-exact through a third, its shards fetched over TLS.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class GridTlsTests
{
    [GridFact]
    public async Task Grid_OverTls_WritesAndDegradedReadsBitExact()
    {
        var pki = TestPki.Create(Path.Combine(Path.GetTempPath(), "archive-it", "tls-" + Guid.NewGuid().ToString("N")[..8]));
        var certificate = pki.Issue("node");
        await using var grid = await GridHarness.StartAsync("tls", tls: new LocalGridTls(certificate.CertificateFile, certificate.KeyFile, pki.CaFile));
        try
        {
            Assert.All(grid.Cluster.Nodes, n => Assert.StartsWith("https://", n.GrpcUrl, StringComparison.Ordinal));
            await grid.WarmUpAsync();
            var objects = TestObjects.Make(12, seed: 16, prefix: "tls");
            foreach (var (o, i) in objects.Select((o, i) => (o, i)))
            {
                var put = await grid.Client($"node-{(i % 6) + 1}").PutAsync(o.Partition, o.Name, new MemoryStream(o.Bytes), o.Bytes.Length, ReadOnlyMemory<byte>.Empty);
                Assert.True(put.IsAcknowledged && put.MissedShards == 0, $"{o.Name}: {put.StatusName} {put.Detail}, {put.MissedShards} missed");
            }

            grid.Cluster.Kill("node-2");
            grid.Cluster.Kill("node-5");
            var reader = grid.Client("node-3");
            foreach (var o in objects)
            {
                var (result, bytes) = await GridFaultFixture.ReadAsync(reader, o);
                Assert.True(result.Status == ObjectGetStatus.Ok, $"{o.Name}: {result.Status} {result.Detail}");
                Assert.Equal(o.Bytes, bytes);
            }
        }
        finally
        {
            Directory.Delete(pki.Directory, recursive: true);
        }
    }
}
