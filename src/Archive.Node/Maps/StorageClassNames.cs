using System.Globalization;
using System.Text.RegularExpressions;
using Archive.Grid.Map;

namespace Archive.Node.Maps;

/// <summary>Storage classes from their names: <c>ec-K-M</c> (K data, M parity shards) and <c>rep-N</c> (N whole copies: k = 1, m = N - 1). Pure.</summary>
public static partial class StorageClassNames
{
    /// <summary>The class a name describes; throws <see cref="ArgumentException"/> for any other name.</summary>
    public static StorageClass Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var match = Pattern().Match(name);
        if (!match.Success)
        {
            throw new ArgumentException($"'{name}' is not a storage class name: ec-K-M (K data and M parity shards, 1-99 each) or rep-N (N whole copies, 2-9)", nameof(name));
        }

        return match.Groups[1].Success
            ? new StorageClass(name, Number(match.Groups[2]), Number(match.Groups[3]))
            : new StorageClass(name, 1, Number(match.Groups[5]) - 1);
    }

    private static int Number(Group group) => int.Parse(group.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(ec)-([1-9][0-9]?)-([1-9][0-9]?)$|^(rep)-([2-9])$")]
    private static partial Regex Pattern();
}
