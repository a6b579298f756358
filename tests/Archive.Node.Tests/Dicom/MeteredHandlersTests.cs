using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Pdu;
using Archive.Dicom.Network.Scp;
using Archive.Node.Diagnostics;
using Archive.Node.Dicom;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Archive.Node.Tests.Dicom;

public sealed class MeteredHandlersTests
{
    [Fact]
    public async Task Find_ThreeMatches_SentBytesAreTheIdentifiersByCallingAe()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var registry = Metrics.NewCustomRegistry();
        using var exporter = new MeterExporter(registry);
        var metrics = new DicomMetrics(services.GetRequiredService<IMeterFactory>());
        var find = new MeteredFindHandler(new Matches([10, 20, 30]), metrics, new CallingAeLabels(["PACS1"]));

        var answered = 0;
        await foreach (var identifier in find.FindAsync(Request("PACS1", ServiceUids.StudyRootFind), CancellationToken.None))
        {
            answered += identifier.Length;
        }

        Assert.Equal(60, answered);
        Assert.Contains("archive_dicom_sent_bytes_total{calling_ae=\"PACS1\",service=\"C-FIND\"} 60", await Scrape(registry), StringComparison.Ordinal);
        Assert.Equal(0, exporter.Dropped);
    }

    [Theory]
    [InlineData(ServiceUids.StudyRootGet, "C-GET")]
    [InlineData(ServiceUids.PatientRootMove, "C-MOVE")]
    public async Task Retrieve_TwoInstancesSent_SentBytesAreTheirLengthsByService_OneOnlyOpenedCountsNothing(string model, string service)
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var registry = Metrics.NewCustomRegistry();
        using var exporter = new MeterExporter(registry);
        var metrics = new DicomMetrics(services.GetRequiredService<IMeterFactory>());
        var retrieve = new MeteredRetrieveHandler(new Instances([1000, 2345, 7]), metrics, new CallingAeLabels([]));

        var request = Request("VIEWER", model);
        var resolution = await retrieve.ResolveAsync(request, CancellationToken.None);
        foreach (var instance in resolution.Instances)
        {
            await using var stream = await instance.OpenAsync(CancellationToken.None); // all three fetched ahead
        }

        foreach (var instance in resolution.Instances.Take(2))
        {
            retrieve.Sending(request, instance, instance.Length);
        }

        Assert.Contains($"archive_dicom_sent_bytes_total{{calling_ae=\"VIEWER\",service=\"{service}\"}} 3345", await Scrape(registry), StringComparison.Ordinal);
    }

    private static QueryRequest Request(string callingAe, string model)
    {
        var request = new AssociateRequest("ARCHIVE", callingAe, [new PresentationContextProposal(1, model, ["1.2.840.10008.1.2.1"])], new UserInformation(16384, "1.2.3"));
        var accept = new AssociateAccept("ARCHIVE", callingAe, [], new UserInformation(16384, "1.2.3"));
        return new QueryRequest(AssociationInfo.From(request, accept), model, "1.2.840.10008.1.2.1", ReadOnlyMemory<byte>.Empty, DimsePriority.Medium);
    }

    private static async Task<string> Scrape(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private sealed class Matches(int[] lengths) : ICFindHandler
    {
        public async IAsyncEnumerable<ReadOnlyMemory<byte>> FindAsync(QueryRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var length in lengths)
            {
                await Task.Yield();
                yield return new byte[length];
            }
        }
    }

    private sealed class Instances(int[] lengths) : IRetrieveHandler
    {
        public ValueTask<RetrieveResolution> ResolveAsync(QueryRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(RetrieveResolution.Of(lengths.Select((l, i) => (IRetrieveInstance)new Instance($"1.2.3.{i}", l)).ToArray()));

        public void Finished(QueryRequest request, RetrieveOutcome outcome)
        {
        }
    }

    private sealed class Instance(string uid, int length) : IRetrieveInstance
    {
        public string SopClassUid => "1.2.840.10008.5.1.4.1.1.2";

        public string SopInstanceUid => uid;

        public string TransferSyntaxUid => "1.2.840.10008.1.2.1";

        public long Length => length;

        public ValueTask<Stream> OpenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<Stream>(new MemoryStream(new byte[length]));
    }
}
