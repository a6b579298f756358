using System.Globalization;

namespace Archive.Bench.Service;

/// <summary>What the query mix needs to know of one stored study.</summary>
internal sealed record StudyKeys(string StudyUid, string PatientId, string Issuer, string StudyDate, string Accession, string PatientName)
{
    /// <summary>
    /// <paramref name="count"/> study-level queries cycling the four typical PACS queries over studies
    /// picked with a fixed seed: patient ID + issuer, a two-day date range, accession number, and a
    /// wildcard on the family name (its leading ASCII letters, at least three).
    /// </summary>
    public static IReadOnlyList<QueryLine> Mix(IReadOnlyList<StudyKeys> studies, int count, int seed = 8)
    {
        var random = new Random(seed);
        var queries = new List<QueryLine>(count);
        for (var i = 0; queries.Count < count && i < count * 20; i++)
        {
            var s = studies[random.Next(studies.Count)];
            QueryLine? query = (queries.Count % 4) switch
            {
                0 => new QueryLine("patient-id", [("PatientID", s.PatientId), ("IssuerOfPatientID", s.Issuer)]),
                1 => DateRange(s),
                2 => new QueryLine("accession", [("AccessionNumber", s.Accession)]),
                _ => NameWildcard(s),
            };
            if (query is not null)
            {
                queries.Add(query);
            }
        }

        return queries;
    }

    private static QueryLine? DateRange(StudyKeys s)
    {
        if (!DateTime.TryParseExact(s.StudyDate, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return null;
        }

        var to = date.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return new QueryLine("date-range", [("StudyDate", $"{s.StudyDate}-{to}")]);
    }

    private static QueryLine? NameWildcard(StudyKeys s)
    {
        var family = s.PatientName.Split('^', '=')[0];
        var prefix = new string(family.TakeWhile(char.IsAsciiLetter).ToArray());
        return prefix.Length >= 3 ? new QueryLine("name-wildcard", [("PatientName", prefix + "*")]) : null;
    }
}
