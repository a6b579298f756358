using System.Threading.Channels;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;
using Archive.Dicom.Network.Scu;
using Archive.Dicom.Network.Tests.Infrastructure;

namespace Archive.Dicom.Network.Tests.Scp;

public sealed class StorageCommitmentTests
{
    private static readonly byte[] ActionInformation = [0x08, 0x00, 0x95, 0x11, 4, 0, 0, 0, (byte)'1', (byte)'.', (byte)'2', 0];

    [Fact]
    public async Task NAction_ReportWhileAssociationOpen_ArrivesOnTheSameAssociation()
    {
        var reports = new EventReports();
        var commitment = new ReportingHandler(TimeSpan.FromMilliseconds(50));
        await using var archive = new TestScp(new ScpServices { StorageCommitment = commitment });
        var contexts = new PresentationContextList().Add(ServiceUids.StorageCommitmentPushModel, "1.2.840.10008.1.2");
        await using var client = await DicomClient.ConnectAsync("127.0.0.1", archive.Port, "ARCHIVE", contexts, new DicomClientOptions { CallingAeTitle = "REQUESTER" }, new ScpDispatcher(new ScpServices { EventReport = reports }));

        var response = await client.NActionAsync(ServiceUids.StorageCommitmentPushModel, ServiceUids.StorageCommitmentPushModelInstance, 1, ActionInformation);
        Assert.Equal(DimseStatus.Success, response.Status);

        var report = await reports.Received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(DimseCommandField.NEventReportRequest, report.Command.CommandField);
        Assert.Equal((ushort)1, report.Command.EventTypeId);
        Assert.Equal(ActionInformation, report.Dataset.ToArray());
        Assert.Equal(DimseStatus.Success, await commitment.ReportStatus.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        await client.ReleaseAsync();
    }

    [Fact]
    public async Task NAction_ReportAfterRelease_OpensANewAssociationToTheRequestor()
    {
        var reports = new EventReports();
        await using var requester = new TestScp(new ScpServices { EventReport = reports });
        var commitment = new ReportingHandler(TimeSpan.FromMilliseconds(300));
        await using var archive = new TestScp(new ScpServices
        {
            StorageCommitment = commitment,
            Peers = new DictionaryPeerResolver([new DicomPeer("REQUESTER", "127.0.0.1", requester.Port)]),
        });
        var contexts = new PresentationContextList().Add(ServiceUids.StorageCommitmentPushModel);
        await using (var client = await DicomClient.ConnectAsync("127.0.0.1", archive.Port, "ARCHIVE", contexts, new DicomClientOptions { CallingAeTitle = "REQUESTER" }))
        {
            var response = await client.NActionAsync(ServiceUids.StorageCommitmentPushModel, ServiceUids.StorageCommitmentPushModelInstance, 1, ActionInformation);
            Assert.Equal(DimseStatus.Success, response.Status);
            await client.ReleaseAsync();
        }

        var report = await reports.Received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("ARCHIVE", report.Association.CallingAeTitle);
        Assert.True(report.Context.RequestorIsScp);
        Assert.Equal(DimseStatus.Success, await commitment.ReportStatus.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task NAction_UnknownActionType_GetsNoSuchActionType()
    {
        await using var archive = new TestScp(new ScpServices { StorageCommitment = new ReportingHandler(TimeSpan.FromHours(1)) });
        await using var client = await DicomClient.ConnectAsync("127.0.0.1", archive.Port, "ARCHIVE", new PresentationContextList().Add(ServiceUids.StorageCommitmentPushModel));
        var response = await client.NActionAsync(ServiceUids.StorageCommitmentPushModel, ServiceUids.StorageCommitmentPushModelInstance, 9, ActionInformation);
        Assert.Equal(DimseStatus.NoSuchActionType, response.Status);
    }

    private sealed class EventReports : INEventReportHandler
    {
        public Channel<DimseRequest> Received { get; } = Channel.CreateUnbounded<DimseRequest>();

        public ValueTask<DimseResult> EventReportAsync(DimseRequest request, CancellationToken cancellationToken)
        {
            Received.Writer.TryWrite(request);
            return ValueTask.FromResult(DimseResult.Success);
        }
    }

    /// <summary>Accepts, then reports success with the request's own information after a delay.</summary>
    private sealed class ReportingHandler(TimeSpan delay) : IStorageCommitmentHandler
    {
        public TaskCompletionSource<DimseStatus> ReportStatus { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask<DimseResult> RequestAsync(StorageCommitmentRequest request, CancellationToken cancellationToken)
        {
            var information = request.ActionInformation.ToArray();
            _ = Task.Run(async () =>
            {
                await Task.Delay(delay);
                try
                {
                    ReportStatus.TrySetResult((await request.Reporter.ReportAsync(1, _ => information, CancellationToken.None)).Status);
                }
                catch (Exception ex)
                {
                    ReportStatus.TrySetException(ex);
                }
            });
            return ValueTask.FromResult(DimseResult.Success);
        }
    }
}
