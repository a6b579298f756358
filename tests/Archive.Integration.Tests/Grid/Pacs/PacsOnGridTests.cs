using System.Globalization;
using System.Text.RegularExpressions;
using Archive.Testing.Dcmtk;
using Archive.Testing.Dicom;

namespace Archive.Integration.Tests.Grid.Pacs;

/// <summary>
/// What a hospital sees, on six real node processes (ec-4-2), proven with dcmtk: storescu into one
/// node, findscu through another, movescu to dcmtk's storescp and getscu through others; every
/// dataset comes back byte-identical. Then two nodes are killed (kill -9) and query and retrieve
/// still answer completely; with a third killed a query is refused as incomplete, never answered short.
/// </summary>
[Collection(GridCollection.Name)]
public sealed partial class PacsOnGridTests
{
    private const string Study = "1.2.826.0.1.3680043.10.4001.1";
    private const int OtherStudies = 5;

    [GridFact]
    public async Task Pacs_StoreFindMoveGet_ThenTwoNodesDead_ByteIdentical()
    {
        var work = Path.Combine(Path.GetTempPath(), "archive-pacs-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(work, "dest"));
        var destinationPort = DcmtkTool.FreePort();
        using var storescp = DcmtkTool.Start("storescp", ["-aet", "DEST", "-od", Path.Combine(work, "dest"), "-uf", Port(destinationPort)]);
        await using var grid = await GridHarness.StartAsync("pacs", moveDestinations: new Dictionary<string, string> { ["DEST"] = $"127.0.0.1:{destinationPort}" });
        try
        {
            await grid.WaitForMembersUpAsync("node-1", grid.Cluster.Nodes.Select(n => n.Id));
            await grid.WarmUpAsync();
            var sent = new Dictionary<string, byte[]>();
            var files = new List<string>();
            for (var i = 1; i <= 8; i++)
            {
                var spec = new TestDicomObjects.Spec("Lefèvre^Zoé", "4711", Study, Study + "." + (i % 2 + 1), $"{Study}.{i % 2 + 1}.{i}", Size: i % 3 == 0 ? 512 : 96, PixelSeed: i);
                var bytes = TestDicomObjects.Part10(spec);
                var path = Path.Combine(work, $"o{i}.dcm");
                await File.WriteAllBytesAsync(path, bytes);
                sent[spec.SopUid] = TestDicomObjects.DatasetOf(bytes);
                files.Add(path);
            }

            // Five more studies of the same patient, one small instance each: their partitions lie on different nodes.
            for (var i = 1; i <= OtherStudies; i++)
            {
                var study = $"{Study}.{100 + i}";
                var path = Path.Combine(work, $"s{i}.dcm");
                await File.WriteAllBytesAsync(path, TestDicomObjects.Part10(new TestDicomObjects.Spec("Lefèvre^Zoé", "4711", study, study + ".1", study + ".1.1", Size: 32, PixelSeed: 100 + i)));
                files.Add(path);
            }

            var store = await DcmtkTool.RunAsync("storescu", ["-xe", "-aet", "MODALITY", "-aec", "ARCHIVE", "127.0.0.1", DicomPort(grid, "node-1"), .. files], TimeSpan.FromMinutes(3));
            Assert.True(store.ExitCode == 0, store.Output);

            Assert.Equal(8, await CountInstancesAsync(grid, "node-2"));
            // No node holds every partition of the patient's six studies: the patient is counted from all of them.
            var patient = await DcmtkTool.RunAsync("findscu", ["-P", "-v", "-aet", "PACS", "-aec", "ARCHIVE", "-k", "QueryRetrieveLevel=PATIENT", "-k", "PatientID=4711", "-k", "NumberOfPatientRelatedStudies", "-k", "NumberOfPatientRelatedInstances", "127.0.0.1", DicomPort(grid, "node-2")]);
            Assert.Matches(@"\(0020,1200\) IS \[6 ?\]", patient.Output);
            Assert.Matches(@"\(0020,1204\) IS \[13\]", patient.Output);
            var move = await DcmtkTool.RunAsync("movescu", ["-S", "-aet", "PACS", "-aec", "ARCHIVE", "-aem", "DEST", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={Study}", "127.0.0.1", DicomPort(grid, "node-3")], TimeSpan.FromMinutes(3));
            Assert.True(move.ExitCode == 0, move.Output);
            AssertReceived(Path.Combine(work, "dest"), sent);

            grid.Cluster.Kill("node-5");
            grid.Cluster.Kill("node-6");
            // At once, while membership still counts them up: a query not keyed by study asks every node, the two
            // dead ones fail their calls, and the other replicas answer in full.
            Assert.Equal(8 + OtherStudies, await CountInstancesAsync(grid, "node-1", keyedByStudy: false));
            Assert.Equal(8, await CountInstancesAsync(grid, "node-1"));
            var get = Path.Combine(work, "get");
            Directory.CreateDirectory(get);
            var getscu = await DcmtkTool.RunAsync("getscu", ["-S", "-aet", "PACS", "-aec", "ARCHIVE", "-od", get, "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={Study}", "127.0.0.1", DicomPort(grid, "node-4")], TimeSpan.FromMinutes(3));
            Assert.True(getscu.ExitCode == 0, getscu.Output);
            AssertReceived(get, sent);

            // A third node down: some catalog partitions have no replica left, so a query that may touch any of
            // them is refused with a clear status rather than answered short; the node serves the next caller.
            grid.Cluster.Kill("node-4");
            var find = await DcmtkTool.RunAsync("findscu", ["-S", "-v", "-aet", "PACS", "-aec", "ARCHIVE", "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientName=lefevre*", "-k", "StudyInstanceUID", "127.0.0.1", DicomPort(grid, "node-1")]);
            Assert.True(find.Output.Contains("Final Find Response (Failed: UnableToProcess)", StringComparison.Ordinal), find.Output);
            Assert.DoesNotContain(Study, find.Output, StringComparison.Ordinal);
            var echo = await DcmtkTool.RunAsync("echoscu", ["-aet", "PACS", "-aec", "ARCHIVE", "127.0.0.1", DicomPort(grid, "node-1")]);
            Assert.True(echo.ExitCode == 0, echo.Output);
        }
        finally
        {
            storescp.Kill(entireProcessTree: true);
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static string DicomPort(GridHarness grid, string nodeId) => Port(grid.Cluster.Node(nodeId).DicomPort);

    /// <summary>The instances findscu counts: the study's, by its UID, or (not keyed by study) every study's of the patient, by name.</summary>
    private static async Task<int> CountInstancesAsync(GridHarness grid, string nodeId, bool keyedByStudy = true)
    {
        var studyKey = keyedByStudy ? $"StudyInstanceUID={Study}" : "StudyInstanceUID";
        var find = await DcmtkTool.RunAsync("findscu", ["-S", "-v", "-aet", "PACS", "-aec", "ARCHIVE", "-k", "QueryRetrieveLevel=STUDY", "-k", studyKey, "-k", "NumberOfStudyRelatedInstances", "-k", "PatientName=lefevre*", "127.0.0.1", DicomPort(grid, nodeId)]);
        Assert.True(find.ExitCode == 0 && find.Output.Contains("Final Find Response (Success)", StringComparison.Ordinal), find.Output);
        return InstanceCount().Matches(find.Output).Sum(m => int.Parse(m.Groups[1].Value.Trim(), CultureInfo.InvariantCulture));
    }

    private static void AssertReceived(string folder, Dictionary<string, byte[]> sent)
    {
        var files = Directory.GetFiles(folder);
        foreach (var (uid, dataset) in sent)
        {
            var file = files.SingleOrDefault(f => Path.GetFileName(f).EndsWith(uid, StringComparison.Ordinal) || Path.GetFileName(f).Contains(uid + ".", StringComparison.Ordinal));
            Assert.True(file is not null, $"{uid} not received in {folder}");
            Assert.Equal(dataset, TestDicomObjects.DatasetOf(File.ReadAllBytes(file)));
        }
    }

    [GeneratedRegex(@"\(0020,1208\) IS \[([0-9 ]+)\]")]
    private static partial Regex InstanceCount();
}
