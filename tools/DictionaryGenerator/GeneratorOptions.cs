namespace DictionaryGenerator;

/// <summary>
/// Command line of the generator. Inputs default to where Debian's dcmtk packages put them and
/// can be overridden by option or by the environment variables ARCHIVE_DCMTK_DIC and
/// ARCHIVE_DCMTK_UID_HEADER.
/// </summary>
internal sealed record GeneratorOptions(bool Check, string Root, string DicomDic, string UidHeader, string UidSupplement, string? Only)
{
    public const string DefaultDicomDic = "/usr/share/libdcmtk17/dicom.dic";
    public const string DefaultUidHeader = "/usr/include/dcmtk/dcmdata/dcuid.h";

    public static GeneratorOptions Parse(string[] args)
    {
        var check = false;
        string? root = null, only = null;
        var dic = Environment.GetEnvironmentVariable("ARCHIVE_DCMTK_DIC") ?? DefaultDicomDic;
        var header = Environment.GetEnvironmentVariable("ARCHIVE_DCMTK_UID_HEADER") ?? DefaultUidHeader;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--check": check = true; break;
                case "--root": root = Next(); break;
                case "--dicom-dic": dic = Next(); break;
                case "--uid-header": header = Next(); break;
                case "--only":
                    only = Next();
                    if (only is not ("dictionary" or "uids"))
                    {
                        throw new ArgumentException("--only takes dictionary or uids");
                    }

                    break;
                default: throw new ArgumentException($"unknown argument {args[i]}");
            }
        }

        root ??= FindRoot(Directory.GetCurrentDirectory()) ?? FindRoot(AppContext.BaseDirectory)
            ?? throw new ArgumentException("cannot find the repository root (Archive.sln); pass --root");
        return new GeneratorOptions(check, root, dic, header, Path.Combine(root, "tools/DictionaryGenerator/data/uids-supplement.tsv"), only);
    }

    private static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Archive.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
