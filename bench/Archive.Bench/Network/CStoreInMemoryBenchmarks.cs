using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;
using Archive.Dicom.Network.Scu;
using Archive.Dicom.Network.Transport;
using BenchmarkDotNet.Attributes;

namespace Archive.Bench.Network;

/// <summary>
/// Whole C-STORE round trips (SCU engine → in-memory pipes → SCP engine → null sink → response) for a 0.5 MiB dataset
/// with 16 KiB and 128 KiB PDUs: the protocol stack's cost without sockets. Allocations are per C-STORE.
/// </summary>
[MemoryDiagnoser]
public class CStore_InMemory_512K
{
    private const string Ct = "1.2.840.10008.5.1.4.1.1.2";
    private const string Explicit = "1.2.840.10008.1.2.1";
    private readonly MemoryStream _dataset = new(new byte[512 * 1024]);
    private DicomClient _client = null!;
    private Task _server = null!;

    [Params(16 * 1024, 128 * 1024)]
    public uint MaxPdu { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (client, server) = DuplexPipe.CreatePair();
        var options = new AssociationOptions { MaxReceivePduLength = MaxPdu };
        var negotiator = new AssociationNegotiator(new AssociationPolicy(), options);
        var services = new ScpServices { Store = new NullStore() };
        _server = AssociationEngine.RunAcceptorAsync(server, negotiator.Negotiate, e => new DimseSession(e, new ScpDispatcher(services), options), options);
        _client = DicomClient.ConnectAsync(client, "ARCHIVE", new PresentationContextList().Add(Ct, Explicit), new DicomClientOptions { Association = options }).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server.GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task<DimseStatus> Store()
    {
        _dataset.Position = 0;
        var response = await _client.StoreAsync(Ct, "1.2.3.4", Explicit, _dataset, _dataset.Length);
        return response.Status;
    }

    private sealed class NullStore : ICStoreHandler
    {
        private static readonly Operation Instance = new();

        public ValueTask<IStoreOperation> BeginStoreAsync(CStoreRequest request, CancellationToken cancellationToken) => ValueTask.FromResult<IStoreOperation>(Instance);

        private sealed class Operation : IStoreOperation
        {
            public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken) => ValueTask.CompletedTask;

            public ValueTask<DimseResult> CompleteAsync(CancellationToken cancellationToken) => ValueTask.FromResult(DimseResult.Success);

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
