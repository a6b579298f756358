using System.Globalization;

namespace Archive.Storage.Tests.Crash;

/// <summary>What a killed crash host had printed: acknowledged puts and deletes.</summary>
public sealed class CrashLog
{
    public HashSet<long> Acked { get; } = [];

    public HashSet<long> Deleted { get; } = [];

    public HashSet<long> DeleteInFlight { get; } = [];

    public List<string> Failures { get; } = [];

    /// <summary>Segments compacted by the host's background compactor.</summary>
    public int Compactions { get; private set; }

    /// <summary>Parses one line; a torn last line (killed mid-write) is ignored.</summary>
    public void Add(string line)
    {
        var parts = line.Split(' ');
        if (parts is ["COMPACTED", _, _, var status])
        {
            Compactions += status == "Compacted" ? 1 : 0;
            if (status is not ("Compacted" or "NotSealed" or "NotFound"))
            {
                Failures.Add(line);
            }

            return;
        }

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
