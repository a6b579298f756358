using System.Globalization;
using Archive.Dicom.Dictionary;
using Archive.Dicom.IO;
using Archive.Dicom.Model;

namespace Archive.Bench.Service;

/// <summary>
/// Reads CorpusGenerator corpora (<c>--corpus A:B</c>; each manifest.tsv, then the header of one file per study) and writes
/// the query mix (queries.tsv) and one study-level retrieve identifier per study (Part 10 files,
/// Explicit VR LE) for <c>movescu</c>/<c>getscu</c>, which send them all on one association.
/// </summary>
internal static class CorpusKeys
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var corpora = args.Text("corpus").Split(':', StringSplitOptions.RemoveEmptyEntries);
        var retrieve = args.Text("retrieve");
        Directory.CreateDirectory(retrieve);
        var firstFileOfStudy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var corpus in corpora)
        {
            foreach (var line in File.ReadLines(Path.Combine(corpus, "manifest.tsv")).Skip(1))
            {
                var cols = line.Split('\t');
                firstFileOfStudy.TryAdd(cols[2], Path.Combine(corpus, cols[0]));
            }
        }

        var studies = new List<StudyKeys>();
        var n = 0;
        foreach (var (studyUid, path) in firstFileOfStudy)
        {
            await using var stream = File.OpenRead(path);
            var ds = (await DicomFileReader.ReadHeaderAsync(stream)).File.Dataset;
            studies.Add(new StudyKeys(studyUid, ds.GetText(DicomTags.PatientID) ?? "", ds.GetText(DicomTags.IssuerOfPatientID) ?? "",
                ds.GetText(DicomTags.StudyDate) ?? "", ds.GetText(DicomTags.AccessionNumber) ?? "", ds.GetText(DicomTags.PatientName) ?? ""));
            await WriteRetrieveKeyAsync(Path.Combine(retrieve, $"q-{++n:000000}.dcm"), studyUid);
        }

        await File.WriteAllLinesAsync(args.Text("queries"), StudyKeys.Mix(studies, args.Int("count", 200)).Select(q => q.Format()));
        Console.Error.WriteLine($"corpus-keys: {studies.Count} studies, {n} retrieve identifiers");
        return 0;
    }

    private static Task WriteRetrieveKeyAsync(string path, string studyUid)
    {
        var ds = new DicomDataset();
        ds.AddOrReplace(DicomValueElement.FromAscii(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY"));
        ds.AddOrReplace(DicomValueElement.FromUid(DicomTags.StudyInstanceUID, studyUid));
        var syntax = DicomTransferSyntax.ExplicitVRLittleEndian;
        var sopInstance = "2.25." + new System.Numerics.BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true).ToString(CultureInfo.InvariantCulture);
        return DicomFileWriter.WriteFileAsync(path, new DicomFile(DicomFileMeta.Create("1.2.840.10008.5.1.4.1.2.2.2", sopInstance, syntax), ds, syntax));
    }
}
