using System.Globalization;
using CorpusGenerator;

// dotnet run --project tools/CorpusGenerator -- --out DIR --studies N --seed S [--max-size 128M]
string? output = null;
int studies = 10, seed = 1;
long maxSize = 128L * 1024 * 1024;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--out" when value is not null:
            output = value;
            i++;
            break;
        case "--studies" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0:
            studies = n;
            i++;
            break;
        case "--seed" when int.TryParse(value, CultureInfo.InvariantCulture, out var s):
            seed = s;
            i++;
            break;
        case "--max-size" when value is not null && TryParseSize(value, out var bytes):
            maxSize = bytes;
            i++;
            break;
        default:
            Console.Error.WriteLine("usage: CorpusGenerator --out DIR [--studies N=10] [--seed S=1] [--max-size BYTES|nK|nM|nG=128M]");
            Console.Error.WriteLine("  Deterministic: the same arguments always give the same files. Objects: CT, MR, CR, multi-frame US (up to ~110 MB), SR.");
            return 2;
    }
}

if (output is null)
{
    Console.Error.WriteLine("CorpusGenerator: --out DIR is required");
    return 2;
}

var entries = await new SyntheticCorpus(new SyntheticCorpusOptions(studies, seed, maxSize)).WriteAsync(output);
Console.WriteLine($"{entries.Count} objects, {entries.Sum(e => e.Bytes):N0} bytes, smallest {entries.Min(e => e.Bytes):N0}, largest {entries.Max(e => e.Bytes):N0} -> {Path.GetFullPath(output)}");
return 0;

static bool TryParseSize(string text, out long bytes)
{
    var multiplier = char.ToUpperInvariant(text[^1]) switch { 'K' => 1024L, 'M' => 1024L * 1024, 'G' => 1024L * 1024 * 1024, _ => 1L };
    var digits = multiplier == 1 ? text : text[..^1];
    var ok = long.TryParse(digits, CultureInfo.InvariantCulture, out var n) && n > 0;
    bytes = n * multiplier;
    return ok;
}
