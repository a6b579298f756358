using System.Security.Cryptography;
using DictionaryGenerator;

// Generates the committed *.Generated.cs tables of src/Archive.Dicom from dcmtk's data files.
// Usage (see README.md): DictionaryGenerator [--check] [--root DIR] [--dicom-dic FILE] [--uid-header FILE] [--only dictionary|uids]
// Exit codes: 0 done (or, with --check, up to date); 1 --check found differences; 2 bad arguments or input.
try
{
    var options = GeneratorOptions.Parse(args);
    var files = new List<GeneratedFile>();
    if (options.Only is null or "dictionary")
    {
        var rows = DcmtkDictionaryParser.Parse(options.DicomDic, out var edition);
        files.AddRange(DictionaryEmitter.Emit(rows, $"dcmtk dicom.dic (DICOM PS3.6 {edition}, sha256 {Sha256(options.DicomDic)})"));
    }

    if (options.Only is null or "uids")
    {
        var uids = UidSources.Load(options.UidHeader, options.UidSupplement);
        files.AddRange(UidEmitter.Emit(uids, $"dcmtk dcuid.h (sha256 {Sha256(options.UidHeader)}) and tools/DictionaryGenerator/data/uids-supplement.tsv"));
    }

    var stale = 0;
    foreach (var file in files)
    {
        var path = Path.Combine(options.Root, file.RelativePath);
        var current = File.Exists(path) ? File.ReadAllText(path) : null;
        if (current == file.Text)
        {
            continue;
        }

        stale++;
        if (options.Check)
        {
            Console.Error.WriteLine($"out of date: {file.RelativePath}");
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Text);
            Console.WriteLine($"wrote {file.RelativePath}");
        }
    }

    return options.Check && stale > 0 ? 1 : 0;
}
catch (Exception e) when (e is ArgumentException or FormatException or IOException)
{
    Console.Error.WriteLine($"DictionaryGenerator: {e.Message}");
    return 2;
}

static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))[..16];
