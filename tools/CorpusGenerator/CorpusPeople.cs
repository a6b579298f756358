namespace CorpusGenerator;

/// <summary>A synthetic patient: name in a given character set, an ID qualified by its site's issuer.</summary>
public sealed record CorpusPatient(string Name, string Id, string Issuer, string SpecificCharacterSet, string BirthDate, string Sex, string Institution);

/// <summary>Deterministic pools of names per character set and of sites (hospitals with their own Issuer of Patient ID).</summary>
public static class CorpusPeople
{
    private static readonly (string Institution, string Issuer)[] Sites =
    [
        ("CHU de Rennes", "CHU-RENNES"),
        ("Clinique Saint-Grégoire", "CLIN-STGREG"),
        ("Centre Hospitalier de Vannes", "CH-VANNES"),
        ("Tokyo Medical Center", "TMC-JP"),
    ];

    private static readonly string[] FrenchFamily = ["Dupont", "Lefèvre", "Müller", "Gaël", "Benoît", "Lemaître", "Château", "Brûlé"];
    private static readonly string[] FrenchGiven = ["Hélène", "François", "Zoé", "Jérôme", "Anaïs", "Noël", "Cécile", "Loïc"];
    private static readonly string[] Utf8Names = ["Østergård^Søren", "Kowalczyk^Łukasz", "Øvrebø^Åse", "Papadopoulos^Γιώργος", "Nguyễn^Thị Hương"];
    private static readonly string[] JapaneseNames = ["Yamada^Tarou=山田^太郎=やまだ^たろう", "Suzuki^Hanako=鈴木^花子=すずき^はなこ", "Tanaka^Ichiro=田中^一郎=たなか^いちろう"];

    /// <summary>Patient <paramref name="index"/> of the corpus: character sets rotate Latin-1, UTF-8, Japanese ISO 2022, Latin-1.</summary>
    public static CorpusPatient Patient(Random random, int index)
    {
        var site = Sites[index % Sites.Length];
        // The first two patients share the ID "12345" at different sites: only the issuer tells them apart.
        var id = index < 2 ? "12345" : $"{10000 + random.Next(90000)}";
        var birth = $"{1930 + random.Next(90)}{1 + random.Next(12):00}{1 + random.Next(28):00}";
        var sex = random.Next(2) == 0 ? "F" : "M";
        return (index % 4) switch
        {
            1 => new CorpusPatient(Utf8Names[random.Next(Utf8Names.Length)], id, site.Issuer, "ISO_IR 192", birth, sex, site.Institution),
            3 when site.Issuer == "TMC-JP" || index % 8 == 3 => new CorpusPatient(JapaneseNames[random.Next(JapaneseNames.Length)], id, "TMC-JP", "\\ISO 2022 IR 87", birth, sex, "Tokyo Medical Center"),
            _ => new CorpusPatient($"{FrenchFamily[random.Next(FrenchFamily.Length)]}^{FrenchGiven[random.Next(FrenchGiven.Length)]}", id, site.Issuer, "ISO_IR 100", birth, sex, site.Institution),
        };
    }
}
