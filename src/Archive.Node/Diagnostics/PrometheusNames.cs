using System.Text;

namespace Archive.Node.Diagnostics;

/// <summary>
/// Prometheus names for System.Diagnostics.Metrics instruments, by the Prometheus conventions: the
/// <c>archive_</c> prefix, the base unit as a suffix (<c>_seconds</c>, <c>_bytes</c>) and <c>_total</c>
/// on counters. The instrument name alone decides the name (the meter name is not prepended, which
/// is what doubled <c>archive_storage_archive_storage_*</c>). Pure.
/// </summary>
public static class PrometheusNames
{
    public const string Prefix = "archive_";

    /// <summary>The Prometheus name of an instrument called <paramref name="instrument"/> with UCUM <paramref name="unit"/>.</summary>
    public static string For(string instrument, string? unit, bool isCounter)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var name = Sanitize(instrument);
        if (!name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            name = Prefix + name;
        }

        if (UnitSuffix(unit) is { } suffix && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }

        return isCounter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    /// <summary>A label name from a tag name (<c>calling.ae</c> → <c>calling_ae</c>).</summary>
    public static string Label(string tag) => Sanitize(tag ?? throw new ArgumentNullException(nameof(tag)));

    /// <summary>The base-unit suffix of a UCUM unit; null for dimensionless counts (<c>{shard}</c>, <c>1</c>).</summary>
    public static string? UnitSuffix(string? unit) => unit switch
    {
        "s" => "seconds",
        "By" => "bytes",
        "By/s" => "bytes_per_second",
        "Cel" => "celsius",
        "%" or "1" or null or "" => null,
        _ when unit.StartsWith('{') => null,
        _ => throw new ArgumentException($"unit '{unit}' is not a Prometheus base unit: use s, By, By/s or a {{count}} annotation", nameof(unit)),
    };

    private static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        }

        return builder.ToString();
    }
}
