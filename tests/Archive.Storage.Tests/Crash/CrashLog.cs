using System.Globalization;

namespace Archive.Storage.Tests.Crash;

/// <summary>What a killed crash host had printed: acknowledged puts and deletes.</summary>
public sealed class CrashLog
{
    public HashSet<long> Acked { get; } = [];

    public HashSet<long> Deleted { get; } = [];

    public HashSet<long> DeleteInFlight { get; } = [];

    public List<string> Failures { get; } = [];

    /// <summary>Parses one line; a torn last line (killed mid-write) is ignored.</summary>
    public void Add(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length < 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long n))
        {
            return;
        }

        switch (parts[0])
        {
            case "ACK":
                Acked.Add(n);
                break;
            case "DELETING":
                DeleteInFlight.Add(n);
                break;
            case "DELETED" when parts.Length == 3:
                DeleteInFlight.Remove(n);
                if (parts[2] == "Ok")
                {
                    Deleted.Add(n);
                }

                break;
            case "FAIL":
                Failures.Add(line);
                break;
        }
    }
}
