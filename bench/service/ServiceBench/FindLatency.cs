using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Archive.Dicom.Dictionary;
using Archive.Dicom.IO;
using Archive.Dicom.Model;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scu;

namespace Archive.Bench.Service;

/// <summary>
/// C-FIND latency at STUDY level (Study Root) with our SCU: every query of queries.tsv is timed from
/// the request to the final response (all pending matches read). Two shapes: all queries on one
/// association (the SCP's query cost), and a new association per query (what many PACS do: connect,
/// find, release). The first 20 queries warm both sides up and are not counted.
/// </summary>
internal static class FindLatency
{
    private static readonly string[] ReturnKeys =
        ["StudyInstanceUID", "PatientName", "PatientID", "IssuerOfPatientID", "StudyDate", "StudyTime", "AccessionNumber", "StudyDescription", "ModalitiesInStudy", "NumberOfStudyRelatedInstances"];

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var host = args.Text("host", "127.0.0.1");
        var port = args.Int("port", 11112);
        var called = args.Text("aec");
        var options = new DicomClientOptions { CallingAeTitle = args.Text("aet", "BENCH") };
        var queries = QueryLine.ReadAll(args.Text("queries"));
        var runs = args.Int("runs", queries.Count);
        var perAssociationRuns = args.Int("association-runs", Math.Min(50, runs));
        var label = new Dictionary<string, object> { ["system"] = args.Text("system", "?"), ["mode"] = args.Text("mode", "?") };
        var contexts = new PresentationContextList().Add(ServiceUids.StudyRootFind);

        await using (var client = await DicomClient.ConnectAsync(host, port, called, contexts, options))
        {
            for (var i = 0; i < 20; i++)
            {
                await TimeAsync(client, queries[i % queries.Count]);
            }

            var samples = new List<(double Ms, int Matches, bool Ok)>(runs);
            for (var i = 0; i < runs; i++)
            {
                samples.Add(await TimeAsync(client, queries[i % queries.Count]));
            }

            await client.ReleaseAsync();
            Report(label, "cfind_study_one_association", samples);
            foreach (var kind in samples.Select((s, i) => (s, queries[i % queries.Count].Kind)).GroupBy(x => x.Kind))
            {
                Report(label, $"cfind_study_{kind.Key.Replace('-', '_')}", kind.Select(x => x.s).ToList(), brief: true);
            }
        }

        var perAssociation = new List<(double Ms, int Matches, bool Ok)>(perAssociationRuns);
        for (var i = 0; i < perAssociationRuns; i++)
        {
            var clock = Stopwatch.StartNew();
            await using var client = await DicomClient.ConnectAsync(host, port, called, contexts, options);
            var (_, matches, ok) = await TimeAsync(client, queries[i % queries.Count]);
            await client.ReleaseAsync();
            perAssociation.Add((clock.Elapsed.TotalMilliseconds, matches, ok));
        }

        Report(label, "cfind_study_new_association", perAssociation);
        return 0;
    }

    private static async Task<(double Ms, int Matches, bool Ok)> TimeAsync(DicomClient client, QueryLine query)
    {
        var context = client.FindContext(ServiceUids.StudyRootFind) ?? throw new InvalidOperationException("Study Root FIND refused");
        var identifier = Encode(query, context.TransferSyntax);
        var matches = 0;
        var clock = Stopwatch.StartNew();
        await foreach (var response in client.FindAsync(ServiceUids.StudyRootFind, identifier))
        {
            if (response.Status.IsPending)
            {
                matches++;
            }
            else if (response.Status.IsFinal)
            {
                return (clock.Elapsed.TotalMilliseconds, matches, response.Status.IsSuccess);
            }
        }

        return (clock.Elapsed.TotalMilliseconds, matches, false);
    }

    private static byte[] Encode(QueryLine query, string transferSyntax)
    {
        var ds = new DicomDataset();
        ds.AddOrReplace(DicomValueElement.FromAscii(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY"));
        foreach (var keyword in ReturnKeys)
        {
            Add(ds, keyword, string.Empty);
        }

        foreach (var (keyword, value) in query.Keys)
        {
            Add(ds, keyword, value);
        }

        var buffer = new ArrayBufferWriter<byte>();
        DicomDatasetWriter.Write(buffer, ds, DicomTransferSyntax.Lookup(transferSyntax));
        return buffer.WrittenSpan.ToArray();
    }

    private static void Add(DicomDataset ds, string keyword, string value)
    {
        if (!DicomDictionary.TryGetByKeyword(keyword, out var entry))
        {
            throw new ArgumentException($"unknown keyword {keyword}");
        }

        ds.AddOrReplace(DicomValueElement.FromAscii(entry.Tag, entry.VR, value));
    }

    private static double Load() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    private static void Report(Dictionary<string, object> label, string metric, List<(double Ms, int Matches, bool Ok)> samples, bool brief = false)
    {
        var sorted = samples.Select(s => s.Ms).Order().ToArray();
        double Pct(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        void Line(string suffix, double value, string unit)
        {
            var line = new Dictionary<string, object>(label) { ["metric"] = metric + suffix, ["value"] = Math.Round(value, 2), ["unit"] = unit, ["load1"] = Load() };
            Console.WriteLine(JsonSerializer.Serialize(line));
        }

        Line("_p50", Pct(0.50), "ms");
        Line("_p95", Pct(0.95), "ms");
        if (!brief)
        {
            Line("_mean", sorted.Average(), "ms");
            Line("_max", sorted[^1], "ms");
            Line("_queries", sorted.Length, "count");
            Line("_failed", samples.Count(s => !s.Ok), "count");
        }

        Line("_matches_mean", samples.Average(s => s.Matches), "matches");
    }
}
