using System.CommandLine;

namespace Archive.Cli.Commands.Import;

/// <summary>The options of <c>import --from-pacs</c>.</summary>
internal sealed class PacsImportOptions
{
    public Option<string?> FromPacs { get; } = new("--from-pacs") { Description = "Migrate from a legacy PACS, AE@host:port: C-FIND its studies, C-MOVE each to the archive." };

    public Option<string> MoveDestination { get; } = new("--move-dest") { Description = "The archive's AE title as the PACS knows it, the C-MOVE destination (default ARCHIVE).", DefaultValueFactory = _ => "ARCHIVE" };

    public Option<string?> StudyDate { get; } = new("--study-date") { Description = "Only studies of this date or range (YYYYMMDD-YYYYMMDD)." };

    public Option<string?> PatientId { get; } = new("--patient-id") { Description = "Only studies of this Patient ID (wildcards allowed)." };

    public PacsImportOptions()
    {
        // A malformed date matched nothing at the PACS, and the import said EXACT over zero studies.
        StudyDate.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && !IsDateOrRange(text))
            {
                r.AddError($"--study-date '{text}' is not a date or range: YYYYMMDD, YYYYMMDD-YYYYMMDD, YYYYMMDD- or -YYYYMMDD");
            }
        });
    }

    private static bool IsDateOrRange(string text)
    {
        var parts = text.Split('-');
        if (parts.Length > 2 || parts.All(p => p.Length == 0))
        {
            return false;
        }

        var dates = new List<DateOnly>();
        foreach (var part in parts.Where(p => p.Length > 0))
        {
            if (!DateOnly.TryParseExact(part, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
            {
                return false;
            }

            dates.Add(date);
        }

        return dates.Count < 2 || dates[0] <= dates[1];
    }

    public void AddTo(Command command)
    {
        command.Options.Add(FromPacs);
        command.Options.Add(MoveDestination);
        command.Options.Add(StudyDate);
        command.Options.Add(PatientId);
    }

    /// <summary>Parses AE@host:port.</summary>
    public static bool TryParse(string text, out string aeTitle, out string host, out int port)
    {
        (aeTitle, host, port) = (string.Empty, string.Empty, 0);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var colon = text.LastIndexOf(':');
        if (at <= 0 || colon <= at + 1 || !int.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }

        (aeTitle, host) = (text[..at], text[(at + 1)..colon]);
        return aeTitle.Length <= 16;
    }
}
