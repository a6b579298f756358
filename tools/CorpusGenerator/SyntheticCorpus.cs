using System.Globalization;
using System.Numerics;
using Archive.Dicom.IO;
using Archive.Dicom.Model;

namespace CorpusGenerator;

/// <summary>Options of a corpus: how many studies, the seed (same seed, same bytes), and the largest object allowed.</summary>
public sealed record SyntheticCorpusOptions(int Studies, int Seed, long MaxObjectBytes = 128L * 1024 * 1024);

/// <summary>One generated object: where it goes under the corpus root and the file itself.</summary>
public sealed record SyntheticObject(string RelativePath, DicomFile File, string Modality, CorpusPatient Patient);

/// <summary>A written object, as listed in manifest.tsv.</summary>
public sealed record CorpusEntry(string RelativePath, string SopInstanceUid, string StudyUid, string Modality, string PatientId, string Issuer, string CharacterSet, string TransferSyntax, long Bytes);

/// <summary>
/// A deterministic synthetic corpus: studies rotate CT (+ SR report), MR (two series), CR, multi-frame
/// US (up to ~110 MB, capped by <see cref="SyntheticCorpusOptions.MaxObjectBytes"/>) and a small CT;
/// patients come from several sites with their own issuers and use Latin-1, UTF-8 and Japanese
/// ISO 2022 names. Objects are produced lazily, so a large corpus never sits in memory. The same
/// options always give the same bytes.
/// </summary>
public sealed class SyntheticCorpus(SyntheticCorpusOptions options)
{
    private const int UltrasoundFrameBytes = 480 * 640 * 3;

    /// <summary>Objects in study order; each is built when enumerated.</summary>
    public IEnumerable<SyntheticObject> Objects()
    {
        var random = new Random(options.Seed);
        var patients = Enumerable.Range(0, Math.Max(3, (options.Studies + 1) / 2)).Select(i => CorpusPeople.Patient(random, i)).ToArray();
        for (var study = 1; study <= options.Studies; study++)
        {
            var patient = patients[random.Next(patients.Length)];
            var studyUid = NewUid(random);
            var date = new DateTime(2015, 1, 1, 8, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(60 * 24 * 365 * 10));
            var accession = $"ACC{options.Seed % 1000:000}{study:00000}";
            var plan = Plan(study, random);
            for (var s = 0; s < plan.Length; s++)
            {
                var (modality, count) = plan[s];
                var seriesUid = NewUid(random);
                for (var instance = 1; instance <= count; instance++)
                {
                    var context = new ObjectContext(patient, studyUid, seriesUid, NewUid(random), study, s + 1, instance, date, accession);
                    var file = Build(modality, context, random);
                    yield return new SyntheticObject($"study-{study:0000}/series-{s + 1:00}-{modality}/{instance:000000}.dcm", file, modality, patient);
                }
            }
        }
    }

    /// <summary>Writes every object under <paramref name="root"/> plus a manifest.tsv; returns the entries.</summary>
    public async Task<IReadOnlyList<CorpusEntry>> WriteAsync(string root, CancellationToken cancellationToken = default)
    {
        var entries = new List<CorpusEntry>();
        foreach (var obj in Objects())
        {
            var path = Path.Combine(root, obj.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await DicomFileWriter.WriteFileAsync(path, obj.File, cancellationToken: cancellationToken);
            var ds = obj.File.Dataset;
            entries.Add(new CorpusEntry(obj.RelativePath, ds.GetText(new DicomTag(0x0008, 0x0018)) ?? "", ds.GetText(new DicomTag(0x0020, 0x000D)) ?? "",
                obj.Modality, obj.Patient.Id, obj.Patient.Issuer, obj.Patient.SpecificCharacterSet, obj.File.TransferSyntax.Uid, new FileInfo(path).Length));
        }

        var lines = new List<string> { "path\tsop_instance_uid\tstudy_uid\tmodality\tpatient_id\tissuer\tcharacter_set\ttransfer_syntax\tbytes" };
        lines.AddRange(entries.Select(e => string.Join('\t', e.RelativePath, e.SopInstanceUid, e.StudyUid, e.Modality, e.PatientId, e.Issuer, e.CharacterSet, e.TransferSyntax, e.Bytes.ToString(CultureInfo.InvariantCulture))));
        await File.WriteAllLinesAsync(Path.Combine(root, "manifest.tsv"), lines, cancellationToken);
        return entries;
    }

    /// <summary>A random UID under the UUID-derived root 2.25 (PS3.5 §B.2), deterministic from <paramref name="random"/>.</summary>
    public static string NewUid(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> bytes = stackalloc byte[17];
        random.NextBytes(bytes[..16]);
        bytes[16] = 0;
        return "2.25." + new BigInteger(bytes).ToString(CultureInfo.InvariantCulture);
    }

    private (string Modality, int Count)[] Plan(int study, Random random)
    {
        var cap = options.MaxObjectBytes;
        return (study % 5) switch
        {
            1 => [("CT", random.Next(4, 13)), ("SR", 1)],
            2 => [("MR", random.Next(4, 9)), ("MR", random.Next(4, 9))],
            3 when cap >= (2140 * 1760 * 2) + 65536 => [("CR", 2)],
            4 when cap >= UltrasoundFrameBytes + 65536 => [("US", 1), ("SR", 1)],
            _ => [("CTS", random.Next(2, 5)), ("SR", 1)],
        };
    }

    private DicomFile Build(string modality, ObjectContext context, Random random) => modality switch
    {
        "CT" => SyntheticObjectFactory.Ct(context, random, options.MaxObjectBytes >= 600 * 1024 ? 512 : 64),
        "CTS" => SyntheticObjectFactory.Ct(context, random, 64),
        "MR" => SyntheticObjectFactory.Mr(context, random),
        "CR" => SyntheticObjectFactory.Cr(context, random),
        "US" => SyntheticObjectFactory.Ultrasound(context, random, (int)Math.Clamp((options.MaxObjectBytes - 65536) / UltrasoundFrameBytes, 1, 120)),
        _ => SyntheticObjectFactory.StructuredReport(context, random),
    };
}
