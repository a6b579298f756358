using System.Globalization;
using Archive.Dicom.IO;
using CorpusGenerator;

namespace Archive.Bench.Service;

/// <summary>
/// The 100,000-study catalog: every study one tiny CT instance (8×8 pixels, ~2 KB, Explicit VR LE),
/// ~3 studies per patient, four sites with their own issuers, dates over ten years, unique accession
/// numbers and family names drawn from ~900 synthetic names (so a wildcard on three letters matches a
/// few hundred studies, as on a real catalog). Files go round-robin into <c>part-NN</c> folders (one
/// per storescu association); DIR/queries.tsv gets the query mix.
/// </summary>
internal static class CatalogCorpus
{
    private static readonly string[] Heads = ["Ber", "Car", "Dal", "Fau", "Gir", "Hub", "Jol", "Lam", "Mar", "Nor", "Pel", "Ren", "Sau", "Tho", "Val", "Bou", "Che", "Dum", "Fon", "Gui", "Leb", "Mor", "Pic", "Rou", "Tes", "Vid", "Bla", "Col", "Mic", "Rob"];
    private static readonly string[] Tails = ["nard", "rier", "lon", "chet", "aud", "ert", "ivet", "bert", "tin", "mand", "let", "aud", "vage", "mas", "ette", "quet", "valier", "ont", "taine", "llot", "run", "eau", "ard", "ssel", "sier", "al", "nc", "lin", "chel", "ert"];
    private static readonly (string Institution, string Issuer)[] Sites =
        [("CHU de Rennes", "CHU-RENNES"), ("Clinique Saint-Gregoire", "CLIN-STGREG"), ("CH de Vannes", "CH-VANNES"), ("CH de Lorient", "CH-LORIENT")];

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var root = args.Text("out");
        var studies = args.Int("studies", 100_000);
        var parts = args.Int("parts", 4);
        var seed = args.Int("seed", 100);
        var patientCount = Math.Max(1, studies / 3);
        var keys = new StudyKeys[studies];
        for (var p = 0; p < parts; p++)
        {
            Directory.CreateDirectory(Path.Combine(root, $"part-{p:00}"));
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, parts), async (part, ct) =>
        {
            var random = new Random(seed * 1000 + part);
            for (var study = part; study < studies; study += parts)
            {
                var patient = Patient(study % patientCount, seed);
                var date = new DateTime(2015, 1, 1, 7, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(60 * 24 * 365 * 10));
                var context = new ObjectContext(patient, SyntheticCorpus.NewUid(random), SyntheticCorpus.NewUid(random), SyntheticCorpus.NewUid(random),
                    study + 1, 1, 1, date, $"CAT{study + 1:0000000}");
                var file = SyntheticObjectFactory.Ct(context, random, 8);
                await DicomFileWriter.WriteFileAsync(Path.Combine(root, $"part-{part:00}", $"{study + 1:0000000}.dcm"), file, cancellationToken: ct);
                keys[study] = new StudyKeys(context.StudyUid, patient.Id, patient.Issuer, date.ToString("yyyyMMdd", CultureInfo.InvariantCulture), context.Accession, patient.Name);
            }
        });

        await File.WriteAllLinesAsync(Path.Combine(root, "queries.tsv"), StudyKeys.Mix(keys, args.Int("count", 200)).Select(q => q.Format()));
        Console.Error.WriteLine($"catalog: {studies} studies of one instance, {patientCount} patients, {parts} parts -> {root}");
        return 0;
    }

    /// <summary>Patient <paramref name="index"/>: a deterministic name, ID and site (no randomness shared between parts).</summary>
    private static CorpusPatient Patient(int index, int seed)
    {
        var random = new Random(seed * 7919 + index);
        var site = Sites[index % Sites.Length];
        var family = Heads[random.Next(Heads.Length)] + Tails[random.Next(Tails.Length)];
        var given = Heads[random.Next(Heads.Length)] + "ine";
        var birth = $"{1930 + random.Next(90)}{1 + random.Next(12):00}{1 + random.Next(28):00}";
        return new CorpusPatient($"{family}^{given}", $"P{index:0000000}", site.Issuer, "ISO_IR 100", birth, random.Next(2) == 0 ? "F" : "M", site.Institution);
    }
}
