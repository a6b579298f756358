using System.Buffers;
using System.IO.Pipelines;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Pdu;
using Archive.Dicom.Network.Scp;
using Archive.Dicom.Network.Scu;
using Archive.Dicom.Network.Tests.Infrastructure;
using Archive.Dicom.Network.Transport;

namespace Archive.Dicom.Network.Tests.Association;

/// <summary>The engine over in-memory pipes: no sockets, no dcmtk.</summary>
public sealed class AssociationEngineTests
{
    private static readonly AssociationOptions Fast = new() { ArtimTimeout = TimeSpan.FromSeconds(3), ResponseTimeout = TimeSpan.FromSeconds(10) };

    private static Task<AssociationFailure?> RunServer(DuplexPipe pipe, ScpServices services, AssociationOptions? options = null)
    {
        var negotiator = new AssociationNegotiator(new AssociationPolicy(), options ?? Fast);
        return AssociationEngine.RunAcceptorAsync(pipe, negotiator.Negotiate, e => new DimseSession(e, new ScpDispatcher(services), options ?? Fast), options ?? Fast);
    }

    [Fact]
    public async Task EchoThenRelease_InMemory_BothSidesEndIdle()
    {
        var (client, server) = DuplexPipe.CreatePair();
        var serverTask = RunServer(server, new ScpServices());
        await using var scu = await DicomClient.ConnectAsync(client, "ARCHIVE", new PresentationContextList().Add(ServiceUids.Verification), new DicomClientOptions { Association = Fast });
        Assert.Equal(DimseStatus.Success, await scu.EchoAsync());
        await scu.ReleaseAsync();
        Assert.Null(await serverTask);
        Assert.Equal(AssociationState.Idle, scu.Engine.State);
    }

    [Fact]
    public async Task Store_SmallMaxPdu_FragmentsAndReassemblesExactly()
    {
        var store = new TestStoreHandler();
        var (client, server) = DuplexPipe.CreatePair();
        var serverOptions = Fast with { MaxReceivePduLength = 1024 };
        var serverTask = RunServer(server, new ScpServices { Store = store }, serverOptions);
        const string Ct = "1.2.840.10008.5.1.4.1.1.2";
        await using var scu = await DicomClient.ConnectAsync(client, "ARCHIVE", new PresentationContextList().Add(Ct, "1.2.840.10008.1.2.1"), new DicomClientOptions { Association = Fast });
        var data = Enumerable.Range(0, 100_003).Select(i => (byte)(i * 31)).ToArray();
        var response = await scu.StoreAsync(Ct, "1.2.3", "1.2.840.10008.1.2.1", new MemoryStream(data), data.Length);
        Assert.Equal(DimseStatus.Success, response.Status);
        Assert.Equal(data, store.Received["1.2.3"].Data);
        await scu.ReleaseAsync();
        Assert.Null(await serverTask);
    }

    [Theory]
    [InlineData("memory", 0xA700, "out of memory")]
    [InlineData("bug", 0xC001, "internal error")]
    public async Task Store_HandlerFails_RunningOutOfMemoryIsOutOfResources(string failure, int status, string comment)
    {
        // Sweep R: under a heap limit, stores that ran out of memory were answered 0xC001 "internal error".
        var store = new TestStoreHandler { Failure = failure == "memory" ? new OutOfMemoryException() : new InvalidOperationException("a bug") };
        var (client, server) = DuplexPipe.CreatePair();
        var serverTask = RunServer(server, new ScpServices { Store = store });
        const string Ct = "1.2.840.10008.5.1.4.1.1.2";
        await using var scu = await DicomClient.ConnectAsync(client, "ARCHIVE", new PresentationContextList().Add(Ct, "1.2.840.10008.1.2.1").Add(ServiceUids.Verification), new DicomClientOptions { Association = Fast });

        var response = await scu.StoreAsync(Ct, "1.2.9", "1.2.840.10008.1.2.1", new MemoryStream(new byte[64]), 64);

        Assert.Equal(status, response.Status.Code);
        Assert.Equal(comment, response.Command.ErrorComment?.Split(';')[0]);
        Assert.Equal(DimseStatus.Success, await scu.EchoAsync()); // the association goes on
        await scu.ReleaseAsync();
        Assert.Null(await serverTask);
    }

    [Fact]
    public async Task Find_CancelledByScu_SendsCCancelAndGetsCancelStatus()
    {
        var (client, server) = DuplexPipe.CreatePair();
        var serverTask = RunServer(server, new ScpServices { Find = new TestFindHandler { DelayPerMatch = TimeSpan.FromMilliseconds(300) } });
        await using var scu = await DicomClient.ConnectAsync(client, "ARCHIVE", new PresentationContextList().Add(ServiceUids.StudyRootFind), new DicomClientOptions { Association = Fast });
        using var cts = new CancellationTokenSource();
        var statuses = new List<DimseStatus>();
        byte[] identifier = [0x08, 0, 0x52, 0, 6, 0, 0, 0, (byte)'S', (byte)'T', (byte)'U', (byte)'D', (byte)'Y', (byte)' '];
        var context = scu.FindContext(ServiceUids.StudyRootFind)!;
        if (context.TransferSyntax == "1.2.840.10008.1.2.1")
        {
            identifier = [0x08, 0, 0x52, 0, (byte)'C', (byte)'S', 6, 0, (byte)'S', (byte)'T', (byte)'U', (byte)'D', (byte)'Y', (byte)' '];
        }

        await foreach (var r in scu.FindAsync(ServiceUids.StudyRootFind, identifier, cancellationToken: cts.Token))
        {
            statuses.Add(r.Status);
            await cts.CancelAsync();
        }

        Assert.Equal(DimseStatus.Pending, statuses[0]);
        Assert.Equal(DimseStatus.Cancel, statuses[^1]);
        Assert.True(statuses.Count < TestFindHandler.MatchesPerLevel + 1);
        await scu.ReleaseAsync();
        Assert.Null(await serverTask);
    }

    [Fact]
    public async Task HalfRequest_ArtimExpires_ServerClosesWithoutAnswer()
    {
        var (client, server) = DuplexPipe.CreatePair();
        var serverTask = RunServer(server, new ScpServices(), Fast with { ArtimTimeout = TimeSpan.FromMilliseconds(300) });
        byte[] rq = Samples.ByName("rq");
        await client.Output.WriteAsync(rq.AsMemory(0, 20));
        Assert.Equal(AssociationFailure.ArtimExpired, await serverTask.WaitAsync(TimeSpan.FromSeconds(5)));
        var read = await client.Input.ReadAsync();
        Assert.True(read.IsCompleted);
        Assert.Equal(0, read.Buffer.Length);
    }

    [Fact]
    public async Task Request_ToAPeerThatNeverAnswers_FailsAfterTheResponseTimeout_NotTheArtimAfterIt()
    {
        // A peer that accepts the connection and never answers (a frozen PACS) never closes it either: after our A-ABORT
        // we wait AbortLinger for it, not the whole ARTIM again (sweep O: a move to such a peer took 60 s, not 30).
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var accepting = listener.AcceptSocketAsync();
        var options = new DicomClientOptions { Association = new AssociationOptions { ResponseTimeout = TimeSpan.FromMilliseconds(500), ArtimTimeout = TimeSpan.FromSeconds(30), AbortLinger = TimeSpan.FromMilliseconds(200) } };
        var started = System.Diagnostics.Stopwatch.StartNew();
        var failed = await Assert.ThrowsAsync<AssociationAbortedException>(() =>
            DicomClient.ConnectAsync("127.0.0.1", ((System.Net.IPEndPoint)listener.LocalEndpoint).Port, "FROZEN", new PresentationContextList().Add(ServiceUids.Verification), options));
        Assert.Equal(AssociationFailure.ResponseTimeout, failed.Failure);
        Assert.InRange(started.Elapsed, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));
        (await accepting).Dispose();
    }

    [Fact]
    public async Task IdleEstablishedAssociation_IsAbortedAfterIdleTimeout()
    {
        var (client, server) = DuplexPipe.CreatePair();
        var options = Fast with { IdleTimeout = TimeSpan.FromMilliseconds(300) };
        var serverTask = RunServer(server, new ScpServices(), options);
        await using var scu = await DicomClient.ConnectAsync(client, "ARCHIVE", new PresentationContextList().Add(ServiceUids.Verification), new DicomClientOptions { Association = Fast });
        Assert.Equal(AssociationFailure.IdleTimeout, await serverTask.WaitAsync(TimeSpan.FromSeconds(5)));
        var failure = await scu.Engine.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(AssociationFailure.ReasonNotSpecified, failure);
    }

    [Fact]
    public async Task ActiveAssociation_EchoesSpanningSeveralIdleTimeouts_IsAbortedOnlyOnceQuiet()
    {
        // Gaps of 50 ms against a 1 s idle timeout (20x margin, for a loaded CI machine), over at least two timeouts.
        var (client, server) = DuplexPipe.CreatePair();
        var options = Fast with { IdleTimeout = TimeSpan.FromSeconds(1) };
        var serverTask = RunServer(server, new ScpServices(), options);
        await using var scu = await DicomClient.ConnectAsync(client, "ARCHIVE", new PresentationContextList().Add(ServiceUids.Verification), new DicomClientOptions { Association = Fast });
        var active = System.Diagnostics.Stopwatch.StartNew();
        while (active.Elapsed < TimeSpan.FromSeconds(2.2))
        {
            Assert.Equal(DimseStatus.Success, await scu.EchoAsync());
            await Task.Delay(50);
        }

        Assert.False(serverTask.IsCompleted);
        Assert.Equal(AssociationFailure.IdleTimeout, await serverTask.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task SlowStore_LongerThanIdleTimeout_IsNotAbortedAsIdle()
    {
        // The store takes 2.5 idle timeouts; the release must then reach the server within one (1 s: a margin for a loaded CI
        // machine, where 300 ms once failed), and the client keeps the default idle timeout.
        var store = new SlowStore(TimeSpan.FromMilliseconds(2500));
        var (client, server) = DuplexPipe.CreatePair();
        var options = Fast with { IdleTimeout = TimeSpan.FromSeconds(1) };
        var serverTask = RunServer(server, new ScpServices { Store = store }, options);
        const string Ct = "1.2.840.10008.5.1.4.1.1.2";
        await using var scu = await DicomClient.ConnectAsync(client, "ARCHIVE", new PresentationContextList().Add(Ct, "1.2.840.10008.1.2.1"), new DicomClientOptions { Association = Fast });
        var response = await scu.StoreAsync(Ct, "1.2.4", "1.2.840.10008.1.2.1", new MemoryStream(new byte[10]), 10);
        Assert.Equal(DimseStatus.Success, response.Status);
        await scu.ReleaseAsync();
        Assert.Null(await serverTask);
    }

    [Fact]
    public async Task StoreThatStopsHalfWay_IsAbortedAfterIdleTimeout()
    {
        // Sweep N: a peer that sent a C-STORE's first fragment and then nothing (a cable pulled, a firewall, a crash
        // without a close) kept its association, and its slot, for as long as the node ran.
        var (client, server) = DuplexPipe.CreatePair();
        var serverTask = RunServer(server, new ScpServices { Store = new SlowStore(TimeSpan.Zero) }, Fast with { IdleTimeout = TimeSpan.FromMilliseconds(500) });
        const string Ct = "1.2.840.10008.5.1.4.1.1.2";
        await using var scu = await DicomClient.ConnectAsync(client, "ARCHIVE", new PresentationContextList().Add(Ct, "1.2.840.10008.1.2.1"), new DicomClientOptions { Association = Fast });
        var stalled = new StallingStream(firstBytes: 64 * 1024);
        _ = scu.StoreAsync(Ct, "1.2.5", "1.2.840.10008.1.2.1", stalled, 1 << 20);

        Assert.Equal(AssociationFailure.IdleTimeout, await serverTask.WaitAsync(TimeSpan.FromSeconds(10)));
        stalled.Release();
    }

    [Fact]
    public async Task Store_ToAPeerThatStopsReading_IsAbortedAfterIdleTimeout()
    {
        // The peer takes the first fragment, then its sink never returns: it reads no more, and the pipe fills.
        var (client, server) = DuplexPipe.CreatePair();
        var serverTask = RunServer(server, new ScpServices { Store = new StalledStore() });
        const string Ct = "1.2.840.10008.5.1.4.1.1.2";
        await using var scu = await DicomClient.ConnectAsync(client, "ARCHIVE", new PresentationContextList().Add(Ct, "1.2.840.10008.1.2.1"), new DicomClientOptions { Association = Fast with { IdleTimeout = TimeSpan.FromMilliseconds(500) } });
        var data = new byte[8 << 20];

        var store = scu.StoreAsync(Ct, "1.2.5", "1.2.840.10008.1.2.1", new MemoryStream(data), data.Length);

        var aborted = await Assert.ThrowsAsync<AssociationAbortedException>(() => store.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(AssociationFailure.IdleTimeout, aborted.Failure);
        Assert.Equal(AssociationFailure.IdleTimeout, await scu.Engine.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        server.Input.CancelPendingRead();
        _ = serverTask;
    }

    [Fact]
    public async Task Store_OverTcpToAPeerThatStopsReading_AbortsAndClosesTheConnection()
    {
        // Over a socket the unsent bytes wait in the kernel and the pipe: after the abort the connection must still close.
        await using var scp = new TestScp(new ScpServices { Store = new StalledStore() }, new AssociationOptions { ArtimTimeout = TimeSpan.FromSeconds(2) });
        const string Ct = "1.2.840.10008.5.1.4.1.1.2";
        var options = new DicomClientOptions { Association = Fast with { IdleTimeout = TimeSpan.FromMilliseconds(500), ArtimTimeout = TimeSpan.FromSeconds(1) } };
        var scu = await DicomClient.ConnectAsync("127.0.0.1", scp.Port, "ARCHIVE", new PresentationContextList().Add(Ct, "1.2.840.10008.1.2.1"), options);
        var data = new byte[64 << 20];

        var store = scu.StoreAsync(Ct, "1.2.7", "1.2.840.10008.1.2.1", new MemoryStream(data), data.Length);

        var aborted = await Assert.ThrowsAsync<AssociationAbortedException>(() => store.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(AssociationFailure.IdleTimeout, aborted.Failure);
        Assert.Equal(AssociationFailure.IdleTimeout, await scu.Engine.Completion.WaitAsync(TimeSpan.FromSeconds(20)));
        await scu.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)); // it hung here while unsent bytes waited for the peer
    }

    [Fact]
    public async Task Store_OddLengthDeflatedDataset_IsSentPaddedToEvenWithAZero()
    {
        var store = new TestStoreHandler();
        var (client, server) = DuplexPipe.CreatePair();
        var serverTask = RunServer(server, new ScpServices { Store = store });
        const string Ct = "1.2.840.10008.5.1.4.1.1.88.11";
        const string Deflated = "1.2.840.10008.1.2.1.99";
        await using var scu = await DicomClient.ConnectAsync(client, "ARCHIVE", new PresentationContextList().Add(Ct, Deflated), new DicomClientOptions { Association = Fast });
        var data = Enumerable.Range(0, 687).Select(i => (byte)(i + 1)).ToArray();

        var response = await scu.StoreAsync(Ct, "1.2.6", Deflated, new MemoryStream(data), data.Length);

        Assert.Equal(DimseStatus.Success, response.Status);
        Assert.Equal([.. data, 0], store.Received["1.2.6"].Data);
        await scu.ReleaseAsync();
        Assert.Null(await serverTask);
    }

    [Fact]
    public async Task WholeAssociation_FedOneByteAtATime_IsServedLikeInOnePiece()
    {
        var (client, server) = DuplexPipe.CreatePair();
        var serverTask = RunServer(server, new ScpServices());
        var request = new AssociateRequest("ARCHIVE", "BYTEWISE", [new PresentationContextProposal(1, ServiceUids.Verification, ["1.2.840.10008.1.2"])], new UserInformation(16384, "1.2.3"));
        byte[] echo = CommandSetCodec.Encode(new DimseCommand { CommandField = DimseCommandField.CEchoRequest, MessageId = 5, AffectedSopClassUid = ServiceUids.Verification });
        byte[] bytes =
        [
            .. Samples.Bytes(w => PduWriter.WriteAssociateRequest(w, request)),
            .. Samples.PData((1, true, false, echo[..10]), (1, true, true, echo[10..])),
            .. Samples.Bytes(PduWriter.WriteReleaseRequest),
        ];
        foreach (byte b in bytes)
        {
            await client.Output.WriteAsync(new[] { b });
        }

        var types = new List<PduType>();
        while (types.LastOrDefault() != PduType.ReleaseResponse)
        {
            types.Add(await ReadPduAsync(client.Input));
        }

        await client.Output.CompleteAsync();
        Assert.Equal([PduType.AssociateAccept, PduType.PData, PduType.ReleaseResponse], types);
        Assert.Null(await serverTask.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Release_ResponseSlowerThanWhatWasLeftOfTheIdleTimeout_StillCompletes()
    {
        // The idle deadline armed while established must not cut a release whose response comes within the response timeout.
        var (client, server) = DuplexPipe.CreatePair();
        var peer = Task.Run(async () =>
        {
            await AcceptThenAwaitReleaseAsync(server);
            await Task.Delay(1500); // three idle timeouts, well within the response timeout
            PduWriter.WriteReleaseResponse(server.Output);
            await server.Output.FlushAsync();
            await server.Output.CompleteAsync();
        });
        await using var scu = await DicomClient.ConnectAsync(client, "ARCHIVE", new PresentationContextList().Add(ServiceUids.Verification), new DicomClientOptions { Association = Fast with { IdleTimeout = TimeSpan.FromMilliseconds(500) } });
        await scu.Engine.ReleaseAsync();
        await peer;
        Assert.Null(await scu.Engine.Completion);
    }

    [Fact]
    public async Task ReleaseCollision_RequestorSide_AnswersAndCompletes()
    {
        var (client, server) = DuplexPipe.CreatePair();
        var peer = Task.Run(async () =>
        {
            await AcceptThenAwaitReleaseAsync(server);
            PduWriter.WriteReleaseRequest(server.Output); // both sides asked: collision
            await server.Output.FlushAsync();
            Assert.Equal(PduType.ReleaseResponse, await ReadPduAsync(server.Input)); // requestor answers first (AR-9)
            PduWriter.WriteReleaseResponse(server.Output);
            await server.Output.FlushAsync();
            await server.Output.CompleteAsync();
        });
        await using var scu = await DicomClient.ConnectAsync(client, "ARCHIVE", new PresentationContextList().Add(ServiceUids.Verification), new DicomClientOptions { Association = Fast });
        await scu.Engine.ReleaseAsync();
        await peer;
        Assert.Null(await scu.Engine.Completion);
        Assert.Equal(AssociationState.Idle, scu.Engine.State);
    }

    [Fact]
    public async Task ReleaseCollision_AcceptorSide_WaitsForRpThenAnswers()
    {
        var (client, server) = DuplexPipe.CreatePair();
        var negotiator = new AssociationNegotiator(new AssociationPolicy(), Fast);
        var engineReady = new TaskCompletionSource<AssociationEngine>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serverTask = AssociationEngine.RunAcceptorAsync(server, negotiator.Negotiate, e =>
        {
            engineReady.SetResult(e);
            return new DimseSession(e, null, Fast);
        }, Fast);
        var request = new AssociateRequest("ARCHIVE", "PEER", [new PresentationContextProposal(1, ServiceUids.Verification, ["1.2.840.10008.1.2"])], new UserInformation(0, "1.2.3"));
        PduWriter.WriteAssociateRequest(client.Output, request);
        await client.Output.FlushAsync();
        Assert.Equal(PduType.AssociateAccept, await ReadPduAsync(client.Input));

        var acceptor = await engineReady.Task;
        var release = acceptor.ReleaseAsync();                                   // Sta6 -> AR-1 -> Sta7
        Assert.Equal(PduType.ReleaseRequest, await ReadPduAsync(client.Input));
        PduWriter.WriteReleaseRequest(client.Output);                            // collision: acceptor AR-8 -> Sta10
        PduWriter.WriteReleaseResponse(client.Output);                           // requestor answers first (AR-9)
        await client.Output.FlushAsync();
        Assert.Equal(PduType.ReleaseResponse, await ReadPduAsync(client.Input)); // acceptor AR-10 -> Sta12 -> AR-4
        await client.Output.CompleteAsync();                                     // requestor closes; acceptor AR-5

        await release.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Null(await serverTask.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task PeerAbort_DuringAssociation_EndsWithItsReason()
    {
        var (client, server) = DuplexPipe.CreatePair();
        var serverTask = RunServer(server, new ScpServices());
        var scu = await DicomClient.ConnectAsync(client, "ARCHIVE", new PresentationContextList().Add(ServiceUids.Verification), new DicomClientOptions { Association = Fast });
        await scu.AbortAsync();
        Assert.Equal(AssociationFailure.UserAbort, await serverTask.WaitAsync(TimeSpan.FromSeconds(5)));
        await Assert.ThrowsAsync<AssociationAbortedException>(() => scu.EchoAsync());
        await scu.DisposeAsync();
    }

    /// <summary>A store whose sink never returns once data arrives: its association reads nothing more.</summary>
    private sealed class StalledStore : ICStoreHandler
    {
        public ValueTask<IStoreOperation> BeginStoreAsync(CStoreRequest request, CancellationToken cancellationToken) => ValueTask.FromResult<IStoreOperation>(new Operation());

        private sealed class Operation : IStoreOperation
        {
            public async ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken) => await Task.Delay(Timeout.Infinite, cancellationToken);

            public ValueTask<DimseResult> CompleteAsync(CancellationToken cancellationToken) => ValueTask.FromResult(DimseResult.Success);

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    /// <summary>A dataset stream that gives its first bytes, then blocks until released.</summary>
    private sealed class StallingStream(int firstBytes) : Stream
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public void Release() => _released.TrySetResult();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= firstBytes)
            {
                await _released.Task.WaitAsync(cancellationToken);
                return 0;
            }

            var n = (int)Math.Min(buffer.Length, firstBytes - _position);
            buffer.Span[..n].Clear();
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class SlowStore(TimeSpan delay) : ICStoreHandler
    {
        public ValueTask<IStoreOperation> BeginStoreAsync(CStoreRequest request, CancellationToken cancellationToken) => ValueTask.FromResult<IStoreOperation>(new Operation(delay));

        private sealed class Operation(TimeSpan delay) : IStoreOperation
        {
            public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken) => ValueTask.CompletedTask;

            public async ValueTask<DimseResult> CompleteAsync(CancellationToken cancellationToken)
            {
                await Task.Delay(delay, cancellationToken);
                return DimseResult.Success;
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    /// <summary>A hand-driven acceptor: reads the A-ASSOCIATE-RQ, accepts Verification, then reads the A-RELEASE-RQ.</summary>
    private static async Task AcceptThenAwaitReleaseAsync(DuplexPipe server)
    {
        await ReadPduAsync(server.Input); // A-ASSOCIATE-RQ
        var ac = new AssociateAccept("ARCHIVE", "ARCHIVE", [new PresentationContextResult(1, PresentationContextOutcome.Acceptance, "1.2.840.10008.1.2")], new UserInformation(0, "1.2.3"));
        PduWriter.WriteAssociateAccept(server.Output, ac);
        await server.Output.FlushAsync();
        Assert.Equal(PduType.ReleaseRequest, await ReadPduAsync(server.Input));
    }

    private static async Task<PduType> ReadPduAsync(PipeReader input)
    {
        while (true)
        {
            var result = await input.ReadAsync();
            var reader = new SequenceReader<byte>(result.Buffer);
            if (PduFrame.TryRead(ref reader, PduLimits.Default, out var frame))
            {
                input.AdvanceTo(reader.Position);
                return frame.Type;
            }

            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            if (result.IsCompleted)
            {
                throw new EndOfStreamException();
            }
        }
    }
}
