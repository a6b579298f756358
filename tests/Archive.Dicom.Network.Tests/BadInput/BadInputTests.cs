using System.Diagnostics;
using System.Text;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Pdu;
using Archive.Dicom.Network.Tests.Infrastructure;
using Archive.Testing;
using Archive.Testing.Dcmtk;

namespace Archive.Dicom.Network.Tests.BadInput;

/// <summary>Each malformed input gets the right A-ABORT / A-ASSOCIATE-RJ (or a close), then echoscu proves the listener still answers at once.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private static readonly byte[] AbortUnrecognizedPdu = [0x07, 0, 0, 0, 0, 4, 0, 0, 2, 1];
    private static readonly byte[] AbortUnexpectedPdu = [0x07, 0, 0, 0, 0, 4, 0, 0, 2, 2];
    private static readonly byte[] AbortInvalidParameter = [0x07, 0, 0, 0, 0, 4, 0, 0, 2, 6];
    private static readonly byte[] AbortUnexpectedParameter = [0x07, 0, 0, 0, 0, 4, 0, 0, 2, 5];

    private TestScp _scp = null!;

    public Task InitializeAsync()
    {
        _scp = new TestScp(association: new AssociationOptions { ArtimTimeout = TimeSpan.FromSeconds(1), MaxReceivePduLength = 16384 });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _scp.DisposeAsync();

    [Fact]
    public async Task Garbage_GetsAbortUnrecognizedPdu_AndServerStillAnswers()
    {
        var reply = await ExchangeAsync([0xDE, 0xAD, 0xBE, 0xEF, 0, 0, 0, 0, 1, 2, 3]);
        Assert.Equal(AbortUnrecognizedPdu, reply);
        await AssertEchoPromptAsync();
    }

    [Fact]
    public async Task HttpRequest_GetsAbortUnrecognizedPdu_AndServerStillAnswers()
    {
        var reply = await ExchangeAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: archive\r\n\r\n"));
        Assert.Equal(AbortUnrecognizedPdu, reply);
        await AssertEchoPromptAsync();
    }

    [Fact]
    public async Task UnknownPduType_GetsAbortUnrecognizedPdu()
    {
        var reply = await ExchangeAsync([0x09, 0, 0, 0, 0, 2, 0, 0]);
        Assert.Equal(AbortUnrecognizedPdu, reply);
        await AssertEchoPromptAsync();
    }

    [Fact]
    public async Task OversizedPdu_GetsAbortInvalidParameterFromTheHeaderAlone()
    {
        var reply = await ExchangeAsync([0x01, 0, 0x7F, 0xFF, 0xFF, 0xFF, 0, 1]);
        Assert.Equal(AbortInvalidParameter, reply);
        await AssertEchoPromptAsync();
    }

    [Fact]
    public async Task PDataBeforeAssociation_GetsAbortUnexpectedPdu()
    {
        var reply = await ExchangeAsync(Samples.PData((1, true, true, [1, 2])));
        Assert.Equal(AbortUnexpectedPdu, reply);
        await AssertEchoPromptAsync();
    }

    [Fact]
    public async Task BadItemLength_GetsAbortInvalidParameter()
    {
        byte[] rq = Samples.ByName("rq");
        rq[6 + 68 + 2] = 0x7F;
        var reply = await ExchangeAsync(rq);
        Assert.Equal(AbortInvalidParameter, reply);
        await AssertEchoPromptAsync();
    }

    [Fact]
    public async Task TruncatedRequestThenClose_ServerStillAnswers()
    {
        byte[] rq = Samples.ByName("rq");
        using (var peer = await RawPeer.ConnectAsync(_scp.Port))
        {
            await peer.SendAsync(rq[..(rq.Length / 2)]);
        }

        await AssertEchoPromptAsync();
    }

    [Theory]
    [InlineData("BAD\\AE", "ARCHIVE", 3)]
    [InlineData("  ", "ARCHIVE", 3)]
    [InlineData("CALLER", "\u0001\u0002", 7)]
    public async Task InvalidAeTitle_GetsAssociateRejectWithItsReason(string calling, string called, byte reason)
    {
        var request = Samples.Request() with { CallingAeTitle = calling, CalledAeTitle = called };
        var reply = await ExchangeAsync(Samples.Bytes(w => PduWriter.WriteAssociateRequest(w, request)));
        Assert.Equal(new byte[] { 0x03, 0, 0, 0, 0, 4, 0, 1, 1, reason }, reply);
        await AssertEchoPromptAsync();
    }

    [Fact]
    public async Task TwoPresentationContextsWithOneId_GetAbortInvalidParameter()
    {
        var request = Samples.Request() with
        {
            PresentationContexts = [new PresentationContextProposal(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]), new PresentationContextProposal(1, "1.2.840.10008.5.1.4.1.1.7", ["1.2.840.10008.1.2"])],
        };
        var reply = await ExchangeAsync(Samples.Bytes(w => PduWriter.WriteAssociateRequest(w, request)));
        Assert.Equal(AbortInvalidParameter, reply);
        await AssertEchoPromptAsync();
    }

    [Fact]
    public async Task NoAcceptableTransferSyntax_GetsAssociateReject()
    {
        var request = Samples.Request() with { PresentationContexts = [new PresentationContextProposal(1, "1.2.840.10008.1.1", ["1.2.3.4.5"])] };
        var reply = await ExchangeAsync(Samples.Bytes(w => PduWriter.WriteAssociateRequest(w, request)));
        Assert.Equal(new byte[] { 0x03, 0, 0, 0, 0, 4, 0, 1, 1, 1 }, reply);
        await AssertEchoPromptAsync();
    }

    [Fact]
    public async Task PdvForUnacceptedContext_GetsAbortUnexpectedParameter()
    {
        using var peer = await RawPeer.ConnectAsync(_scp.Port);
        var request = Samples.Request() with { PresentationContexts = [new PresentationContextProposal(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"])] };
        await peer.SendAsync(Samples.Bytes(w => PduWriter.WriteAssociateRequest(w, request)));
        await peer.SendAsync(Samples.PData((7, true, true, [1, 2])));
        var (bytes, closed) = await peer.ReadUntilCloseAsync(TimeSpan.FromSeconds(5));
        Assert.True(closed);
        Assert.Equal(0x02, bytes[0]);
        Assert.Equal(AbortUnexpectedParameter, bytes[^10..]);
        await AssertEchoPromptAsync();
    }

    [Fact]
    public async Task MoreSilentConnectionsThanTheCap_CloseTheOldest_AndOthersAreServedAtOnce()
    {
        // Sweep R: 256 connections that sent nothing locked every PACS out until their ARTIM (30 s) closed them.
        await using var scp = new TestScp(association: new AssociationOptions { ArtimTimeout = TimeSpan.FromSeconds(30) }, maxAssociations: 8, maxConnections: 32);
        var silent = new List<RawPeer>();
        for (int i = 0; i < 40; i++)
        {
            silent.Add(await RawPeer.ConnectAsync(scp.Port));
        }

        await AssertEchoPromptAsync(scp.Port);
        await AssertEchoPromptAsync(scp.Port);

        var (_, oldestClosed) = await silent[0].ReadUntilCloseAsync(TimeSpan.FromSeconds(5));
        Assert.True(oldestClosed, "the oldest silent connection stays open");
        Assert.InRange(scp.Listener.OpenConnections, 0, 32 / 4 + 1);
        foreach (var peer in silent)
        {
            peer.Dispose();
        }
    }

    [Fact]
    public async Task HalfRequestAndThirtyIdleConnections_DoNotDelayAnotherEcho()
    {
        // ARTIM 5 s: an echo that waited for anyone's ARTIM would take at least that long.
        await using var scp = new TestScp(association: new AssociationOptions { ArtimTimeout = TimeSpan.FromSeconds(5) });
        var idle = new List<RawPeer>();
        for (int i = 0; i < 30; i++)
        {
            idle.Add(await RawPeer.ConnectAsync(scp.Port));
        }

        byte[] rq = Samples.ByName("rq");
        await idle[0].SendAsync(rq[..40]);
        var sw = Stopwatch.StartNew();
        await AssertEchoPromptAsync(scp.Port);
        await AssertEchoPromptAsync(scp.Port);

        // Each one is closed by its own ARTIM, not later.
        var (_, closed) = await idle[0].ReadUntilCloseAsync(TimeSpan.FromSeconds(15));
        Assert.True(closed);
        Assert.InRange(sw.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(9));
        var (_, lastClosed) = await idle[^1].ReadUntilCloseAsync(TimeSpan.FromSeconds(5));
        Assert.True(lastClosed);
        idle.ForEach(p => p.Dispose());
    }

    [Fact]
    public async Task TooManyAssociations_GetsTransientRejectLocalLimit()
    {
        await using var scp = new TestScp(maxAssociations: 1, association: new AssociationOptions { ArtimTimeout = TimeSpan.FromSeconds(2) });
        using var first = await RawPeer.ConnectAsync(scp.Port);
        var request = Samples.Request() with { PresentationContexts = [new PresentationContextProposal(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"])] };
        byte[] rq = Samples.Bytes(w => PduWriter.WriteAssociateRequest(w, request));
        await first.SendAsync(rq);
        var ac = await first.ReadPduAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0x02, ac[0]);

        using var second = await RawPeer.ConnectAsync(scp.Port);
        await second.SendAsync(rq);
        var (reject, closed) = await second.ReadUntilCloseAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(new byte[] { 0x03, 0, 0, 0, 0, 4, 0, 2, 3, 2 }, reject);
        Assert.True(closed);
    }

    [Fact]
    public async Task OneCallerHoldingAssociations_GetsAtMostHalfTheSlots_OthersStillGetIn()
    {
        // Sweep X2: one caller opening every slot and leaving them idle locked every other caller out for 5 minutes.
        await using var scp = new TestScp(maxAssociations: 4);
        var request = Samples.Request() with { CallingAeTitle = "HOG", PresentationContexts = [new PresentationContextProposal(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"])] };
        byte[] rq = Samples.Bytes(w => PduWriter.WriteAssociateRequest(w, request));
        var held = new List<RawPeer>();
        for (var i = 0; i < 3; i++)
        {
            var peer = await RawPeer.ConnectAsync(scp.Port);
            await peer.SendAsync(rq);
            held.Add(peer);
            var reply = await peer.ReadPduAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(i < 2 ? new byte[] { 0x02 } : new byte[] { 0x03, 0, 0, 0, 0, 4, 0, 2, 3, 2 }, i < 2 ? reply[..1] : reply); // the third: transient, local limit exceeded
        }

        var echo = await DcmtkTool.RunAsync("echoscu", ["-aet", "PROBE", "-aec", "ARCHIVE", "127.0.0.1", scp.Port.ToString()], TimeSpan.FromSeconds(10));
        Assert.True(echo.ExitCode == 0, echo.Output);

        held[0].Dispose(); // one of its associations ends: its next one gets in
        Assert.True(await Waiting.UntilAsync(async () => (await ReplyTo(rq)) == 0x02, TimeSpan.FromSeconds(10)));
        held.ForEach(p => p.Dispose());

        async Task<byte> ReplyTo(byte[] bytes)
        {
            var peer = await RawPeer.ConnectAsync(scp.Port);
            held.Add(peer);
            await peer.SendAsync(bytes);
            return (await peer.ReadPduAsync(TimeSpan.FromSeconds(10)))[0];
        }
    }

    [Fact]
    public async Task RejectedCallersHoldingTheirConnections_TakeNoAssociationSlot()
    {
        var policy = new AssociationPolicy { IsCallingAeTitleAllowed = (ae, _) => ae == "PROBE" };
        await using var scp = new TestScp(policy: policy, maxAssociations: 1, association: new AssociationOptions { ArtimTimeout = TimeSpan.FromSeconds(30) });
        var request = Samples.Request() with { CallingAeTitle = "INTRUDER", PresentationContexts = [new PresentationContextProposal(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"])] };
        byte[] rq = Samples.Bytes(w => PduWriter.WriteAssociateRequest(w, request));
        var intruders = new List<RawPeer>();
        for (var i = 0; i < 3; i++)
        {
            var peer = await RawPeer.ConnectAsync(scp.Port);
            await peer.SendAsync(rq);
            var reject = await peer.ReadPduAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0x03, reject[0]); // A-ASSOCIATE-RJ, and the peer keeps its connection open
            intruders.Add(peer);
        }

        // The one slot is free for a caller the archive knows, while the rejected ones wait for their ARTIM.
        var echo = await DcmtkTool.RunAsync("echoscu", ["-aet", "PROBE", "-aec", "ARCHIVE", "127.0.0.1", scp.Port.ToString()], TimeSpan.FromSeconds(10));
        Assert.True(echo.ExitCode == 0, echo.Output);
        intruders.ForEach(p => p.Dispose());
    }

    private async Task<byte[]> ExchangeAsync(byte[] bytes)
    {
        using var peer = await RawPeer.ConnectAsync(_scp.Port);
        await peer.SendAsync(bytes);
        var (reply, closed) = await peer.ReadUntilCloseAsync(TimeSpan.FromSeconds(5));
        Assert.True(closed, "the server should close the connection");
        return reply;
    }

    private Task AssertEchoPromptAsync() => AssertEchoPromptAsync(_scp.Port);

    /// <summary>echoscu succeeds well within any ARTIM period (the bound leaves room for a loaded CI machine).</summary>
    private static async Task AssertEchoPromptAsync(int port)
    {
        var result = await DcmtkTool.RunAsync("echoscu", ["-aet", "PROBE", "-aec", "ARCHIVE", "127.0.0.1", port.ToString()], TimeSpan.FromSeconds(10));
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.InRange(result.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2.5));
    }
}
