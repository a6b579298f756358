namespace Archive.Dicom.Tests.Dictionary;

/// <summary>A fact that is skipped, with the reason, when an input file of the machine is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FileExistsFactAttribute : FactAttribute
{
    public FileExistsFactAttribute(string path, string install)
    {
        Path = path;
        if (!File.Exists(path))
        {
            Skip = $"{path} is absent ({install})";
        }
    }

    /// <summary>The file the test needs.</summary>
    public string Path { get; }
}
