using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;
using Archive.Dicom.Network.Scu;
using Archive.Dicom.Network.Tests.Infrastructure;
using Archive.Testing;

namespace Archive.Dicom.Network.Tests.Scp;

/// <summary>C-MOVE through our own SCU, SCP and destination: counts, failures and cancellation.</summary>
public sealed class RetrieveOperationTests
{
    private const string Ct = "1.2.840.10008.5.1.4.1.1.2";
    private const string Explicit = "1.2.840.10008.1.2.1";
    private static readonly byte[] Identifier = [0x08, 0, 0x52, 0, (byte)'C', (byte)'S', 6, 0, (byte)'S', (byte)'T', (byte)'U', (byte)'D', (byte)'Y', (byte)' '];

    [Fact]
    public async Task Move_AllInstances_PendingCountsThenSuccess()
    {
        await using var destination = new TestScp();
        await using var archive = Archive(destination.Port, Instances(5, TimeSpan.Zero));
        await using var client = await Connect(archive.Port);
        var responses = await Collect(client.MoveAsync(ServiceUids.StudyRootMove, "DEST", Identifier));

        Assert.Equal([4, 3, 2, 1], responses.Where(r => r.Status.IsPending).Select(r => (int)r.Command.RemainingSubOperations!.Value).ToArray());
        var final = responses[^1];
        Assert.Equal(DimseStatus.Success, final.Status);
        Assert.Equal(((ushort)5, (ushort)0, (ushort)0), (final.Command.CompletedSubOperations!.Value, final.Command.FailedSubOperations!.Value, final.Command.WarningSubOperations!.Value));
        Assert.Equal(5, destination.Store.Received.Count);
        Assert.Equal("ARCHIVE", destination.Store.Received["1.2.9.1"].Request.Association.CallingAeTitle);
        Assert.Equal("MOVER", destination.Store.Received["1.2.9.1"].Request.MoveOriginatorAeTitle);
    }

    [Fact]
    public async Task Move_TheHandlerIsToldHowEachRetrieveEnded_RefusedOnesToo()
    {
        await using var destination = new TestScp();
        var handler = new FixedRetrieve(Instances(3, TimeSpan.Zero));
        await using var archive = Archive(destination.Port, handler);
        await using var client = await Connect(archive.Port);
        Assert.Equal(DimseStatus.Success, (await Collect(client.MoveAsync(ServiceUids.StudyRootMove, "DEST", Identifier)))[^1].Status);
        destination.Store.Status = new DimseStatus(0xA700);
        Assert.Equal(new DimseStatus(0xA702), (await Collect(client.MoveAsync(ServiceUids.StudyRootMove, "DEST", Identifier)))[^1].Status);
        Assert.Equal(DimseStatus.MoveDestinationUnknown, (await Collect(client.MoveAsync(ServiceUids.StudyRootMove, "NOWHERE", Identifier)))[^1].Status);

        Assert.True(await Waiting.UntilAsync(() => handler.Outcomes.Count == 3, TimeSpan.FromSeconds(10)));
        Assert.Equal(
            [(0x0000, 3, 0, 0, 0, null), (0xA702, 0, 3, 0, 0, null), (0xA801, 0, 0, 0, 0, "move destination unknown")],
            handler.Outcomes.Select(o => ((int)o.Result.Status.Code, o.Completed, o.Failed, o.Warning, o.Remaining, o.Result.ErrorComment)));
    }

    [Fact]
    public async Task Move_DestinationNeverAnswersACStore_TheSubOperationsFail_AndItsAssociationIsAborted()
    {
        // Before: the C-MOVE waited for ever, its association to the destination held open.
        await using var destination = new TestScp();
        // Silent for far longer than the archive waits (it answers late, so that the test's destination reads the abort).
        destination.Store.HoldAnswers = Task.Delay(TimeSpan.FromSeconds(4));
        var handler = new FixedRetrieve(Instances(3, TimeSpan.Zero));
        await using var archive = new TestScp(new ScpServices
        {
            Retrieve = handler,
            Peers = new DictionaryPeerResolver([new DicomPeer("DEST", "127.0.0.1", destination.Port)]),
            ClientOptions = new DicomClientOptions { Association = new Archive.Dicom.Network.Association.AssociationOptions { DimseTimeout = TimeSpan.FromSeconds(1) } },
        });
        await using var client = await Connect(archive.Port);

        var final = (await Collect(client.MoveAsync(ServiceUids.StudyRootMove, "DEST", Identifier)).WaitAsync(TimeSpan.FromSeconds(30)))[^1];

        Assert.Equal(new DimseStatus(0xA702), final.Status);
        Assert.Equal(((ushort)0, (ushort)3), (final.Command.CompletedSubOperations!.Value, final.Command.FailedSubOperations!.Value));
        Assert.True(await Waiting.UntilAsync(() => destination.Listener.ActiveAssociations == 0, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Move_DestinationFailsSome_WarningWithFailedInstanceList()
    {
        await using var destination = new TestScp();
        destination.Store.Status = new DimseStatus(0xA700);
        await using var archive = Archive(destination.Port, Instances(2, TimeSpan.Zero));
        await using var client = await Connect(archive.Port);
        var final = (await Collect(client.MoveAsync(ServiceUids.StudyRootMove, "DEST", Identifier)))[^1];
        Assert.Equal(new DimseStatus(0xA702), final.Status);
        Assert.Equal((ushort)2, final.Command.FailedSubOperations);
        Assert.True(final.HasDataset);
        Assert.Contains("1.2.9.1\\1.2.9.2", System.Text.Encoding.ASCII.GetString(final.Dataset.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_CancelledAfterFirstPending_EndsWithCancelAndRemainingCount()
    {
        // Every instance after the first is still being fetched when the C-CANCEL comes: the move stops at once.
        var fetching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var instances = Enumerable.Range(1, 6).Select(i => new GatedInstance($"1.2.9.{i}", i == 1 ? Task.CompletedTask : fetching.Task, () => { })).ToList();
        await using var destination = new TestScp();
        var final = await MoveCancelledAtFirstResponse(destination, instances, fetching);

        Assert.Equal(DimseStatus.Cancel, final.Status);
        Assert.Equal((ushort)5, final.Command.RemainingSubOperations);
        Assert.Single(destination.Store.Received);
        Assert.True(await Waiting.UntilAsync(() => instances.Where(i => i.Opened).All(i => i.Disposed || destination.Store.Received.ContainsKey(i.SopInstanceUid)), TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Move_CancelledWhileTheIdentifierIsResolved_EndsWithCancel_AndTheHandlerIsTold()
    {
        // Sweep D (session 19): a C-CANCEL before the first pending response was answered 0xC001 "internal error", and the
        // retrieve left no outcome (no audit record).
        await using var destination = new TestScp();
        var handler = new ResolvingUntilCancelled();
        await using var archive = Archive(destination.Port, handler);
        await using var client = await Connect(archive.Port);
        using var cts = new CancellationTokenSource();
        var move = Collect(client.MoveAsync(ServiceUids.StudyRootMove, "DEST", Identifier, cancellationToken: cts.Token));
        await handler.Resolving.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();

        var final = Assert.Single(await move.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(DimseStatus.Cancel, final.Status);
        Assert.Equal(((ushort)0, (ushort)0, (ushort)0), (final.Command.CompletedSubOperations!.Value, final.Command.FailedSubOperations!.Value, final.Command.RemainingSubOperations!.Value));
        Assert.True(await Waiting.UntilAsync(() => !handler.Outcomes.IsEmpty, TimeSpan.FromSeconds(10)));
        Assert.Equal((DimseStatus.Cancel, "cancelled before the identifier was resolved"), (Assert.Single(handler.Outcomes).Result.Status, handler.Outcomes.Single().Result.ErrorComment));
        Assert.Empty(destination.Store.Received);
    }

    [Fact]
    public async Task Move_TheNextInstancesAreOpenedWhileOneIsSent()
    {
        // The first instance opens only once the fourth has started opening: sequential opens would never get there.
        var fourthStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var instances = Enumerable.Range(1, 6).Select(i => new GatedInstance($"1.2.9.{i}", i == 1 ? fourthStarted.Task : Task.CompletedTask, () => { if (i == 4) { fourthStarted.TrySetResult(); } })).ToList();
        await using var destination = new TestScp();
        await using var archive = Archive(destination.Port, instances);
        await using var client = await Connect(archive.Port);

        var final = (await Collect(client.MoveAsync(ServiceUids.StudyRootMove, "DEST", Identifier)).WaitAsync(TimeSpan.FromSeconds(20)))[^1];

        Assert.Equal(DimseStatus.Success, final.Status);
        Assert.Equal(6, destination.Store.Received.Count);
        Assert.All(instances, i => Assert.True(i.Disposed));
    }

    [Fact]
    public async Task Move_CancelledMidway_ClosesWhatWasOpenedAhead()
    {
        // The second instance is still being fetched when the cancel comes; those after it were opened ahead.
        var fetching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var instances = Enumerable.Range(1, 8).Select(i => new GatedInstance($"1.2.9.{i}", i == 2 ? fetching.Task : Task.CompletedTask, () => { })).ToList();
        await using var destination = new TestScp();
        var handler = new FixedRetrieve(instances);
        Assert.Equal(DimseStatus.Cancel, (await MoveCancelledAtFirstResponse(destination, handler, fetching)).Status);

        // Only what went out is told as sent (sweep M: the sent-bytes metric counted every instance opened ahead).
        Assert.Equal(["1.2.9.1"], handler.Sent);

        // Taking the first opened the next four (the second still fetching); the sixth too if the loop took the second
        // before the cancel came. Whatever was opened ahead is closed, nothing further was opened.
        Assert.Single(destination.Store.Received);
        Assert.All(instances.Skip(2).Take(3), i => Assert.True(i.Opened));
        Assert.True(await Waiting.UntilAsync(() => instances.Skip(1).Where(i => i.Opened).All(i => i.Disposed), TimeSpan.FromSeconds(10)));
        Assert.All(instances.Skip(6), i => Assert.False(i.Opened));
    }

    /// <summary>A move to <paramref name="destination"/> cancelled on its first response; <paramref name="fetching"/> is released at the end.</summary>
    private static Task<DimseResponse> MoveCancelledAtFirstResponse(TestScp destination, IReadOnlyList<IRetrieveInstance> instances, TaskCompletionSource fetching) =>
        MoveCancelledAtFirstResponse(destination, new FixedRetrieve(instances), fetching);

    private static async Task<DimseResponse> MoveCancelledAtFirstResponse(TestScp destination, IRetrieveHandler handler, TaskCompletionSource fetching)
    {
        await using var archive = Archive(destination.Port, handler);
        await using var client = await Connect(archive.Port);
        using var cts = new CancellationTokenSource();
        var responses = new List<DimseResponse>();
        try
        {
            await foreach (var r in client.MoveAsync(ServiceUids.StudyRootMove, "DEST", Identifier, cancellationToken: cts.Token))
            {
                responses.Add(r);
                await cts.CancelAsync();
            }
        }
        finally
        {
            fetching.TrySetResult();
        }

        return responses[^1];
    }

    private static TestScp Archive(int destinationPort, IReadOnlyList<IRetrieveInstance> instances) => Archive(destinationPort, new FixedRetrieve(instances));

    private static TestScp Archive(int destinationPort, IRetrieveHandler handler) => new(new ScpServices
    {
        Retrieve = handler,
        Peers = new DictionaryPeerResolver([new DicomPeer("DEST", "127.0.0.1", destinationPort)]),
    });

    private static Task<DicomClient> Connect(int port) =>
        DicomClient.ConnectAsync("127.0.0.1", port, "ARCHIVE", new PresentationContextList().Add(ServiceUids.StudyRootMove, Explicit), new DicomClientOptions { CallingAeTitle = "MOVER" });

    private static async Task<List<DimseResponse>> Collect(IAsyncEnumerable<DimseResponse> responses)
    {
        var list = new List<DimseResponse>();
        await foreach (var r in responses)
        {
            list.Add(r);
        }

        return list;
    }

    private static List<IRetrieveInstance> Instances(int count, TimeSpan delay) =>
        Enumerable.Range(1, count).Select(i => (IRetrieveInstance)new MemoryInstance($"1.2.9.{i}", new byte[1000 + i], delay)).ToList();

    private sealed class FixedRetrieve(IReadOnlyList<IRetrieveInstance> instances) : IRetrieveHandler
    {
        public System.Collections.Concurrent.ConcurrentQueue<RetrieveOutcome> Outcomes { get; } = new();

        public ValueTask<RetrieveResolution> ResolveAsync(QueryRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(RetrieveResolution.Of(instances));

        public void Finished(QueryRequest request, RetrieveOutcome outcome) => Outcomes.Enqueue(outcome);

        /// <summary>The instances told as going out, in order.</summary>
        public System.Collections.Concurrent.ConcurrentQueue<string> Sent { get; } = new();

        public void Sending(QueryRequest request, IRetrieveInstance instance, long length) => Sent.Enqueue(instance.SopInstanceUid);
    }

    /// <summary>Resolves nothing until the retrieve is cancelled.</summary>
    private sealed class ResolvingUntilCancelled : IRetrieveHandler
    {
        public TaskCompletionSource Resolving { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public System.Collections.Concurrent.ConcurrentQueue<RetrieveOutcome> Outcomes { get; } = new();

        public async ValueTask<RetrieveResolution> ResolveAsync(QueryRequest request, CancellationToken cancellationToken)
        {
            Resolving.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("not reached");
        }

        public void Finished(QueryRequest request, RetrieveOutcome outcome) => Outcomes.Enqueue(outcome);
    }

    private sealed class MemoryInstance(string uid, byte[] data, TimeSpan delay) : IRetrieveInstance
    {
        public string SopClassUid => Ct;

        public string SopInstanceUid => uid;

        public string TransferSyntaxUid => Explicit;

        public long Length => data.Length;

        public async ValueTask<Stream> OpenAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(delay, cancellationToken);
            return new MemoryStream(data, writable: false);
        }
    }

    /// <summary>An instance whose opening waits for <c>gate</c>; records that it was opened and that its stream was closed.</summary>
    private sealed class GatedInstance(string uid, Task gate, Action onOpen) : IRetrieveInstance
    {
        private readonly byte[] _data = new byte[1200];

        public bool Opened { get; private set; }

        public bool Disposed { get; private set; }

        public string SopClassUid => Ct;

        public string SopInstanceUid => uid;

        public string TransferSyntaxUid => Explicit;

        public long Length => _data.Length;

        public async ValueTask<Stream> OpenAsync(CancellationToken cancellationToken)
        {
            onOpen();
            await gate.WaitAsync(cancellationToken);
            Opened = true;
            return new ClosingStream(_data, () => Disposed = true);
        }
    }

    private sealed class ClosingStream(byte[] data, Action closed) : MemoryStream(data, writable: false)
    {
        protected override void Dispose(bool disposing)
        {
            closed();
            base.Dispose(disposing);
        }
    }
}
