using Archive.Testing.Dcmtk;
using System.Diagnostics;
using Archive.Dicom.Network.Scp;
using Archive.Dicom.Network.Tests.Infrastructure;

namespace Archive.Dicom.Network.Tests.Interop;

[Collection(InteropCollection.Name)]
public sealed class QueryRetrieveTests(InteropCorpus corpus)
{
    [Theory]
    [InlineData("-P", "PATIENT")]
    [InlineData("-S", "STUDY")]
    [InlineData("-S", "SERIES")]
    [InlineData("-S", "IMAGE")]
    public async Task Findscu_EachLevel_GetsEveryPendingMatchThenSuccess(string model, string level)
    {
        var find = new TestFindHandler();
        await using var scp = new TestScp(new ScpServices { Find = find });
        var result = await DcmtkTool.RunAsync("findscu", ["-v", model, "-aec", "ARCHIVE", "-k", $"QueryRetrieveLevel={level}", "-k", "PatientID", "-k", "StudyInstanceUID", "127.0.0.1", scp.Port.ToString()]);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(TestFindHandler.MatchesPerLevel, CountOccurrences(result.Output, "(Pending)"));
        Assert.True(result.Output.Contains("Received Final Find Response (Success)", StringComparison.Ordinal), result.Output);
        Assert.True(result.Output.Contains("PID3", StringComparison.Ordinal), result.Output);
        Assert.Equal([level], find.Levels);
    }

    [Fact]
    public async Task Findscu_CancelAfterFirst_GetsCancelStatus()
    {
        var find = new TestFindHandler { DelayPerMatch = TimeSpan.FromMilliseconds(200) };
        await using var scp = new TestScp(new ScpServices { Find = find });
        var result = await DcmtkTool.RunAsync("findscu", ["-v", "-S", "--cancel", "1", "-aec", "ARCHIVE", "-k", "QueryRetrieveLevel=STUDY", "127.0.0.1", scp.Port.ToString()]);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.True(result.Output.Contains("Cancel", StringComparison.Ordinal), result.Output);
        Assert.True(CountOccurrences(result.Output, "(Pending)") < TestFindHandler.MatchesPerLevel, result.Output);
    }

    [Fact]
    public async Task Movescu_ToStorescp_DeliversEveryInstanceByteIdentical()
    {
        int storescpPort = DcmtkTool.FreePort();
        string outDir = Path.Combine(corpus.Directory, "move-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(outDir);
        using var storescp = DcmtkTool.Start("storescp", ["+B", "+xa", "-aet", "STORESCP", "-od", outDir, storescpPort.ToString()]);
        try
        {
            await DcmtkTool.WaitForPortAsync(storescpPort, TimeSpan.FromSeconds(10));
            var services = new ScpServices
            {
                Retrieve = new TestRetrieveHandler(corpus.Files),
                Peers = new DictionaryPeerResolver([new DicomPeer("STORESCP", "127.0.0.1", storescpPort)]),
            };
            await using var scp = new TestScp(services);
            var result = await DcmtkTool.RunAsync("movescu", ["-v", "-S", "-aec", "ARCHIVE", "-aem", "STORESCP", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={InteropCorpus.StudyUid}", "127.0.0.1", scp.Port.ToString()]);
            Assert.True(result.ExitCode == 0, result.Output);
            Assert.True(result.Output.Contains("Received Final Move Response (Success)", StringComparison.Ordinal), result.Output);
            Assert.Equal(corpus.Files.Count - 1, CountOccurrences(result.Output, "(Pending)"));
            AssertFilesIdentical(corpus.Files, outDir);
        }
        finally
        {
            storescp.Kill();
        }
    }

    [Fact]
    public async Task Movescu_UnknownDestination_GetsA801()
    {
        await using var scp = new TestScp(new ScpServices { Retrieve = new TestRetrieveHandler(corpus.Files), Peers = new DictionaryPeerResolver([]) });
        var result = await DcmtkTool.RunAsync("movescu", ["-v", "-S", "-aec", "ARCHIVE", "-aem", "NOWHERE", "-k", "QueryRetrieveLevel=STUDY", "127.0.0.1", scp.Port.ToString()]);
        Assert.True(result.Output.Contains("MoveDestinationUnknown", StringComparison.Ordinal), result.Output);
    }

    [Fact]
    public async Task Getscu_SameAssociation_ReceivesEveryInstance()
    {
        var files = corpus.Files.Where(f => Part10.Read(f).TransferSyntaxUid is "1.2.840.10008.1.2.1").ToList();
        string outDir = Path.Combine(corpus.Directory, "get-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(outDir);
        await using var scp = new TestScp(new ScpServices { Retrieve = new TestRetrieveHandler(files) });
        var result = await DcmtkTool.RunAsync("getscu", ["-v", "-S", "+xe", "-aec", "ARCHIVE", "-od", outDir, "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={InteropCorpus.StudyUid}", "127.0.0.1", scp.Port.ToString()]);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.True(result.Output.Contains("Received C-GET Response (Success)", StringComparison.Ordinal), result.Output);
        var received = Directory.GetFiles(outDir).Select(f => Part10.Read(f).SopInstanceUid).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(files.Select(f => Part10.Read(f).SopInstanceUid).Order(StringComparer.Ordinal).ToArray(), received);
    }

    internal static void AssertFilesIdentical(IReadOnlyList<string> sent, string outDir)
    {
        var received = Directory.GetFiles(outDir).Select(Part10.Read).ToDictionary(f => f.SopInstanceUid);
        Assert.Equal(sent.Count, received.Count);
        foreach (var file in sent.Select(Part10.Read))
        {
            var got = received[file.SopInstanceUid];
            Assert.Equal(file.TransferSyntaxUid, got.TransferSyntaxUid);
            Assert.True(file.ReadDataset().AsSpan().SequenceEqual(got.ReadDataset()), $"{Path.GetFileName(file.Path)} differs");
        }
    }

    private static int CountOccurrences(string text, string what)
    {
        int count = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
