using System.Globalization;
using System.Text.RegularExpressions;

namespace Archive.Cli.Commands.Plan;

/// <summary>
/// The shape of a storage class for planning: <c>ec-K-M</c> (K data, M parity shards) or
/// <c>rep-N</c> (N copies: K = 1, M = N - 1). Any K of the K + M shards rebuild an object.
/// </summary>
public sealed partial record Redundancy(string Name, int DataShards, int ParityShards)
{
    public int TotalShards => DataShards + ParityShards;

    /// <summary>Usable share of raw capacity: K / (K + M).</summary>
    public double Efficiency => DataShards / (double)TotalShards;

    public static Redundancy Parse(string name)
    {
        var match = Pattern().Match(name ?? string.Empty);
        if (!match.Success)
        {
            throw new PlanInputException($"'{name}' is not a storage class (ec-K-M or rep-N)");
        }

        return match.Groups[1].Success
            ? new Redundancy(name!, Number(match.Groups[2]), Number(match.Groups[3]))
            : new Redundancy(name!, 1, Number(match.Groups[5]) - 1);
    }

    private static int Number(Group group) => int.Parse(group.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(ec)-([1-9][0-9]?)-([1-9][0-9]?)$|^(rep)-([2-9])$")]
    private static partial Regex Pattern();
}
