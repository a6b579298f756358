using System.Threading.Channels;
using Archive.Dicom.IO;
using Archive.Dicom.Model;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;
using Archive.Dicom.Network.Scu;
using Archive.Dicom.Network.Transport;
using Archive.Service.Committing;
using Archive.Service.Configuration;
using Archive.Service.Tests.Support;
using Archive.Storage.Audit;
using Archive.Testing;
using Archive.Testing.Dicom;

namespace Archive.Service.Tests;

/// <summary>Storage commitment end to end: stored instances commit, unknown ones fail with their reason, a restart loses nothing.</summary>
public sealed class StorageCommitmentTests : IAsyncLifetime
{
    private const string Study = "1.2.826.0.1.3680043.10.3001.1";
    private readonly Reports _reports = new();
    private DicomListener _requestor = null!;
    private ServiceHarness _archive = null!;

    public Task InitializeAsync()
    {
        _requestor = new DicomListener(
            new DicomListenerOptions { EndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0) },
            _ => new ScpDispatcher(new ScpServices { EventReport = _reports }));
        _requestor.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _reports.CloseAsync();
        await _requestor.DisposeAsync();
        if (_archive is not null)
        {
            await _archive.DisposeAsync();
            _archive.DeleteData();
        }
    }

    private ServiceHarness Archive(bool runCommitments = true) => _archive = new ServiceHarness(
        [new RemoteAe("MODALITY", "127.0.0.1", _requestor.Port, "chu-a", "CHUA", AePermissions.All), new RemoteAe("OTHER", "127.0.0.1", _requestor.Port, "chu-a", "CHUA", AePermissions.All)], runCommitments);

    [Fact]
    public async Task NAction_StoredAndUnknownInstances_ReportsEachWithItsReason()
    {
        var archive = Archive();
        await StoreAsync(archive, Study + ".1");
        await StoreAsync(archive, Study + ".2");

        await RequestAsync(archive, "1.2.3.100", [Study + ".1", Study + ".2", Study + ".999"], releaseBeforeReport: false);
        var report = await _reports.Next();
        Assert.Equal((ushort)2, report.EventType);
        Assert.Equal("1.2.3.100", report.Information.GetText(StorageCommitmentDatasets.TransactionUid));
        var committed = report.Information.GetSequence(StorageCommitmentDatasets.ReferencedSopSequence)!.Items.Select(i => i.Dataset.GetText(StorageCommitmentDatasets.ReferencedSopInstanceUid)).ToArray();
        Assert.Equal([Study + ".1", Study + ".2"], committed.Order());
        var failed = Assert.Single(report.Information.GetSequence(StorageCommitmentDatasets.FailedSopSequence)!.Items).Dataset;
        Assert.Equal(Study + ".999", failed.GetText(StorageCommitmentDatasets.ReferencedSopInstanceUid));
        Assert.True(failed.TryGetUInt16(StorageCommitmentDatasets.FailureReason, out var reason));
        Assert.Equal(StorageCommitmentFailureReasons.NoSuchObjectInstance, reason);
    }

    [Fact]
    public async Task NAction_AllStored_ReportsEventTypeOne()
    {
        var archive = Archive();
        await StoreAsync(archive, Study + ".3");
        await RequestAsync(archive, "1.2.3.101", [Study + ".3"], releaseBeforeReport: true);
        var report = await _reports.Next();
        Assert.Equal((ushort)1, report.EventType);
        Assert.Null(report.Information.GetSequence(StorageCommitmentDatasets.FailedSopSequence));
    }

    [Fact]
    public async Task NAction_NodeRestartsBeforeReport_ReportsOnANewAssociation()
    {
        var archive = Archive(runCommitments: false); // the first "process" dies before it reports
        await StoreAsync(archive, Study + ".4");
        await RequestAsync(archive, "1.2.3.102", [Study + ".4"], releaseBeforeReport: true);
        Assert.False(_reports.Any);

        using var stop = new CancellationTokenSource();
        var restarted = archive.NewCommitmentHandler().RunAsync(stop.Token);
        var report = await _reports.Next();
        await stop.CancelAsync();
        await restarted;
        Assert.Equal((ushort)1, report.EventType);
        Assert.Equal("ARCHIVE", report.CallingAeTitle);
        Assert.EndsWith($"; on a new association to 127.0.0.1:{_requestor.Port}", await ReportAuditDetailAsync(archive, "1.2.3.102"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NAction_ReportedOnTheRequestingAssociation_AuditSaysWhichAndWhere()
    {
        var archive = Archive();
        await StoreAsync(archive, Study + ".5");
        await RequestAsync(archive, "1.2.3.103", [Study + ".5"], releaseBeforeReport: false);
        Assert.Equal((ushort)1, (await _reports.Next()).EventType);
        Assert.Matches(@"^event type 1: 1 committed, 0 failed; on the requesting association \(127\.0\.0\.1:[0-9]+\)$", await ReportAuditDetailAsync(archive, "1.2.3.103"));
    }

    /// <summary>The commit-report audit record's detail (where the report went: the auditor could not tell before).</summary>
    private static async Task<string> ReportAuditDetailAsync(ServiceHarness archive, string transactionUid)
    {
        AuditRecord? record = null;
        Assert.True(await Waiting.UntilAsync(
            () => (record = AuditLogReader.Read(archive.AuditDirectory, new(null, null, null, null, null, 100)).Records.FirstOrDefault(r => r.Type == AuditTypes.CommitReport && r.Subject == transactionUid)) is not null,
            TimeSpan.FromSeconds(10)));
        return record!.Detail!;
    }

    [Fact]
    public async Task NAction_SameTransactionUidAgainWhilePending_OneReportAnswersBoth_AnotherAesRequestStaysItsOwn()
    {
        var archive = Archive(runCommitments: false);
        await StoreAsync(archive, Study + ".5");
        await StoreAsync(archive, Study + ".6");
        await StoreAsync(archive, Study + ".7");
        await RequestAsync(archive, "1.2.3.103", [Study + ".5"], releaseBeforeReport: true);
        await RequestAsync(archive, "1.2.3.103", [Study + ".6", Study + ".5"], releaseBeforeReport: true);
        await RequestAsync(archive, "1.2.3.103", [Study + ".7"], releaseBeforeReport: true, callingAe: "OTHER");

        using var stop = new CancellationTokenSource();
        var running = archive.NewCommitmentHandler().RunAsync(stop.Token);
        var reports = new[] { await _reports.Next(), await _reports.Next() };
        await stop.CancelAsync();
        await running;

        var committed = reports.Select(r => string.Join(",", r.Information.GetSequence(StorageCommitmentDatasets.ReferencedSopSequence)!.Items.Select(i => i.Dataset.GetText(StorageCommitmentDatasets.ReferencedSopInstanceUid)).Order())).Order().ToArray();
        Assert.Equal([$"{Study}.5,{Study}.6", $"{Study}.7"], committed);
        Assert.All(reports, r => Assert.Equal("1.2.3.103", r.Information.GetText(StorageCommitmentDatasets.TransactionUid)));
        Assert.Empty(new CommitmentJournal(archive.CommitmentOptions.JournalDirectory).Pending());
    }

    [Fact]
    public async Task ReportsToAPacsThatNeverAnswers_DoNotHoldBackAnotherAesReport()
    {
        // A requestor that accepts connections and never answers (a frozen PACS): its reports wait for its answer.
        using var frozen = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        frozen.Start();
        var accepted = new List<System.Net.Sockets.Socket>();
        var accepting = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await frozen.AcceptSocketAsync());
            }
        });
        var frozenPort = ((System.Net.IPEndPoint)frozen.LocalEndpoint).Port;
        var archive = _archive = new ServiceHarness(
            [new RemoteAe("MODALITY", "127.0.0.1", _requestor.Port, "chu-a", "CHUA", AePermissions.All), new RemoteAe("FROZEN", "127.0.0.1", frozenPort, "chu-a", "CHUA", AePermissions.All), new RemoteAe("OTHER", "127.0.0.1", _requestor.Port, "chu-a", "CHUA", AePermissions.All)],
            runCommitments: false);
        await StoreAsync(archive, Study + ".8");
        for (var t = 0; t < 6; t++)
        {
            await RequestAsync(archive, $"1.2.3.20{t}", [Study + ".8"], releaseBeforeReport: true, callingAe: "FROZEN");
        }

        await RequestAsync(archive, "1.2.3.210", [Study + ".8"], releaseBeforeReport: false, callingAe: "OTHER");
        using var stop = new CancellationTokenSource();
        var running = archive.NewCommitmentHandler().RunAsync(stop.Token);

        // Sweep O: six reports to the frozen PACS, four at a time, each waiting out its association timeout, kept this one 90 s.
        var report = await _reports.Next();
        Assert.Equal("1.2.3.210", report.Information.GetText(StorageCommitmentDatasets.TransactionUid)); // on a new association: this handler never had the open one
        Assert.InRange(accepted.Count, 1, ArchiveCommitmentHandler.NewAssociationsPerRequestor);

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(20)); // the reports under way end with the node
        Assert.Equal(6, new CommitmentJournal(archive.CommitmentOptions.JournalDirectory).Pending().Count); // kept for the next start
        frozen.Stop();
        accepted.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task ReportThatCannotBeDelivered_ShowsInTheBacklog_UntilDelivered()
    {
        // A requestor whose registered address takes no connection: its report fails, and the backlog says so (it was
        // only in the log before).
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var closedPort = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var archive = _archive = new ServiceHarness(
            [new RemoteAe("MODALITY", "127.0.0.1", _requestor.Port, "chu-a", "CHUA", AePermissions.All), new RemoteAe("GONE", "127.0.0.1", closedPort, "chu-a", "CHUA", AePermissions.All)],
            runCommitments: false);
        await StoreAsync(archive, Study + ".9");
        var asked = DateTimeOffset.UtcNow;
        await RequestAsync(archive, "1.2.3.301", [Study + ".9"], releaseBeforeReport: true, callingAe: "GONE");
        await RequestAsync(archive, "1.2.3.302", [Study + ".9"], releaseBeforeReport: true);
        var handler = archive.NewCommitmentHandler();
        Assert.Equal(CommitmentBacklog.Empty, handler.Backlog);

        using var stop = new CancellationTokenSource();
        var running = handler.RunAsync(stop.Token);
        Assert.Equal("1.2.3.302", (await _reports.Next()).Information.GetText(StorageCommitmentDatasets.TransactionUid));
        Assert.True(await Waiting.UntilAsync(() => handler.Backlog is { Pending: 1, ReportsFailing: 1 }, TimeSpan.FromSeconds(20)), $"backlog {handler.Backlog}");
        Assert.InRange(handler.Backlog.OldestFailingReceivedAt!.Value, asked.AddSeconds(-1), DateTimeOffset.UtcNow);

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task ReportTheRequestorRefuses_IsKeptAndSentAgain()
    {
        // Sweep W2: a report answered with a failure status (0x0211 from an SCP without N-EVENT-REPORT) was dropped as delivered.
        var archive = Archive(runCommitments: false);
        await StoreAsync(archive, Study + ".10");
        await RequestAsync(archive, "1.2.3.401", [Study + ".10"], releaseBeforeReport: true);
        _reports.RefuseWith = 0x0110;
        var handler = archive.NewCommitmentHandler();

        using var stop = new CancellationTokenSource();
        var running = handler.RunAsync(stop.Token);
        await _reports.Next(); // refused
        Assert.True(await Waiting.UntilAsync(() => handler.Backlog is { Pending: 1, ReportsFailing: 1 }, TimeSpan.FromSeconds(20)), $"backlog {handler.Backlog}");

        _reports.RefuseWith = null;
        Assert.Equal("1.2.3.401", (await _reports.Next()).Information.GetText(StorageCommitmentDatasets.TransactionUid)); // after the back-off
        Assert.True(await Waiting.UntilAsync(() => new CommitmentJournal(archive.CommitmentOptions.JournalDirectory).Pending().Count == 0, TimeSpan.FromSeconds(20)));
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(20));
    }

    private static async Task StoreAsync(ServiceHarness archive, string sopUid)
    {
        var bytes = TestDicomObjects.Part10(new TestDicomObjects.Spec("Martin^Zoé", "555", Study, Study + ".0", sopUid));
        var contexts = new PresentationContextList().Add(TestDicomObjects.CtImageStorage, DicomTransferSyntax.ExplicitVRLittleEndian.Uid);
        await using var client = await DicomClient.ConnectAsync("127.0.0.1", archive.Port, "ARCHIVE", contexts, new DicomClientOptions { CallingAeTitle = "MODALITY" });
        var dataset = TestDicomObjects.DatasetOf(bytes);
        var response = await client.StoreAsync(TestDicomObjects.CtImageStorage, sopUid, DicomTransferSyntax.ExplicitVRLittleEndian.Uid, new MemoryStream(dataset), dataset.Length);
        Assert.Equal(DimseStatus.Success, response.Status);
        await client.ReleaseAsync();
    }

    private async Task RequestAsync(ServiceHarness archive, string transactionUid, string[] sopUids, bool releaseBeforeReport, string callingAe = "MODALITY")
    {
        var action = StorageCommitmentDatasets.EncodeAction(transactionUid, sopUids.Select(uid => new StorageCommitmentItem(TestDicomObjects.CtImageStorage, uid)), DicomTransferSyntax.ExplicitVRLittleEndian.Uid);
        var contexts = new PresentationContextList().Add(ServiceUids.StorageCommitmentPushModel, DicomTransferSyntax.ExplicitVRLittleEndian.Uid);
        var client = await DicomClient.ConnectAsync("127.0.0.1", archive.Port, "ARCHIVE", contexts, new DicomClientOptions { CallingAeTitle = callingAe }, new ScpDispatcher(new ScpServices { EventReport = _reports }));
        var response = await client.NActionAsync(ServiceUids.StorageCommitmentPushModel, ServiceUids.StorageCommitmentPushModelInstance, StorageCommitmentDatasets.RequestCommitment, action);
        Assert.Equal(DimseStatus.Success, response.Status);
        if (releaseBeforeReport)
        {
            await client.ReleaseAsync();
            await client.DisposeAsync();
            return;
        }

        _reports.KeepOpen(client);
    }

    private sealed record Report(ushort EventType, DicomDataset Information, string CallingAeTitle);

    /// <summary>The requestor's N-EVENT-REPORT SCP, on its own listener and on the requesting association.</summary>
    private sealed class Reports : INEventReportHandler
    {
        private readonly Channel<Report> _received = Channel.CreateUnbounded<Report>();
        private readonly List<DicomClient> _open = [];

        public bool Any => _received.Reader.Count > 0;

        public void KeepOpen(DicomClient client) => _open.Add(client);

        public async Task CloseAsync()
        {
            foreach (var client in _open)
            {
                await client.ReleaseAsync();
                await client.DisposeAsync();
            }
        }

        public ValueTask<DimseResult> EventReportAsync(DimseRequest request, CancellationToken cancellationToken)
        {
            var information = DicomDatasetBytes.Decode(request.Dataset, DicomTransferSyntax.Lookup(request.Context.TransferSyntax));
            _received.Writer.TryWrite(new Report(request.Command.EventTypeId ?? 0, information, request.Association.CallingAeTitle));
            return ValueTask.FromResult(RefuseWith is { } code ? new DimseResult(new DimseStatus(code), "refused by the test") : DimseResult.Success);
        }

        /// <summary>A failure status to answer reports with (a requestor that refuses them); null: success.</summary>
        public ushort? RefuseWith { get; set; }

        public async Task<Report> Next() => await _received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
    }
}
