namespace Archive.Node.Dicom;

/// <summary>
/// The <c>calling_ae</c> label of the DICOM metrics, bounded: a registered AE (<c>Dicom:RemoteAes</c>)
/// keeps its title; with <c>Dicom:AcceptAnyCallingAe</c> an unregistered caller keeps its title only
/// while fewer than <see cref="MaxUnregistered"/> such titles have been seen since start, and is
/// <see cref="Other"/> after that, so no caller can grow the series without limit. Thread-safe.
/// </summary>
public sealed class CallingAeLabels
{
    /// <summary>Distinct unregistered titles labelled by name before the rest become <see cref="Other"/>.</summary>
    public const int MaxUnregistered = 32;

    /// <summary>The label of every unregistered caller beyond the first <see cref="MaxUnregistered"/>.</summary>
    public const string Other = "other";

    private readonly HashSet<string> _registered;
    private readonly HashSet<string> _unregistered = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public CallingAeLabels(IEnumerable<string> registeredTitles)
    {
        ArgumentNullException.ThrowIfNull(registeredTitles);
        _registered = new HashSet<string>(registeredTitles.Select(t => t.Trim()), StringComparer.Ordinal);
    }

    /// <summary>The label for <paramref name="callingAeTitle"/> (trimmed, as the registry matches it).</summary>
    public string Of(string callingAeTitle)
    {
        ArgumentNullException.ThrowIfNull(callingAeTitle);
        var title = callingAeTitle.Trim();
        if (_registered.Contains(title))
        {
            return title;
        }

        // Asked per association and per find or retrieve, never per PDU: a lock costs nothing here and keeps the bound exact.
        lock (_gate)
        {
            return _unregistered.Contains(title) || (_unregistered.Count < MaxUnregistered && _unregistered.Add(title)) ? title : Other;
        }
    }
}
