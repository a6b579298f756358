namespace Archive.Bench.Service;

/// <summary>
/// One study-level query of queries.tsv: <c>kind TAB Keyword=value|Keyword=value</c>. The kinds are
/// the typical PACS queries (patient ID with issuer, date range, accession, wildcard name).
/// </summary>
internal sealed record QueryLine(string Kind, IReadOnlyList<(string Keyword, string Value)> Keys)
{
    public static QueryLine Parse(string line)
    {
        var tab = line.IndexOf('\t', StringComparison.Ordinal);
        var keys = line[(tab + 1)..].Split('|', StringSplitOptions.RemoveEmptyEntries)
            .Select(k => k.Split('=', 2)).Select(p => (p[0], p.Length > 1 ? p[1] : string.Empty)).ToArray();
        return new QueryLine(line[..tab], keys);
    }

    public string Format() => Kind + "\t" + string.Join('|', Keys.Select(k => $"{k.Keyword}={k.Value}"));

    public static IReadOnlyList<QueryLine> ReadAll(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(Parse).ToArray();
}
