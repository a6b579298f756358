using System.Xml.Linq;

namespace Archive.Architecture.Tests;

/// <summary>
/// Reads the csproj graph and fails on any project reference nobody chose (STYLE.md §1):
/// layers are one-way and only the host wires them together.
/// </summary>
public sealed class ProjectGraphTests
{
    /// <summary>Every allowed edge, project → the projects it may reference. Add an edge here on purpose, never by accident.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Archive.Dicom"] = [],
        ["Archive.Tls"] = [],
        ["Archive.Dicom.Network"] = ["Archive.Dicom", "Archive.Tls"],
        ["Archive.Codec"] = [],
        ["Archive.Storage"] = ["Archive.Codec"],
        ["Archive.Index"] = ["Archive.Storage", "Archive.Grid", "Archive.Catalog", "Archive.Codec"],
        ["Archive.Grid"] = ["Archive.Codec", "Archive.Storage"],
        ["Archive.Catalog"] = ["Archive.Dicom"],
        ["Archive.Service"] = ["Archive.Dicom", "Archive.Dicom.Network", "Archive.Catalog", "Archive.Grid", "Archive.Storage", "Archive.Codec"],
        ["Archive.Contracts"] = [],
        ["Archive.Grid.Grpc"] = ["Archive.Tls", "Archive.Contracts", "Archive.Grid", "Archive.Storage", "Archive.Codec"],
        ["Archive.Node"] = ["Archive.Tls", "Archive.Grid.Grpc", "Archive.Contracts", "Archive.Grid", "Archive.Index", "Archive.Storage", "Archive.Codec", "Archive.Service", "Archive.Catalog", "Archive.Dicom", "Archive.Dicom.Network"],
        ["Archive.Cli"] = ["Archive.Tls", "Archive.Dicom", "Archive.Dicom.Network", "Archive.Codec", "Archive.Storage", "Archive.Index", "Archive.Grid", "Archive.Grid.Grpc", "Archive.Contracts"],
    };

    /// <summary>Packages that only one project may use (RocksDB lives behind Archive.Index).</summary>
    private static readonly Dictionary<string, string> PackageOwner = new()
    {
        ["RocksDB"] = "Archive.Index",
    };

    private static readonly string RepoRoot = FindRepoRoot();

    public static TheoryData<string> SourceProjects()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(RepoRoot, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            data.Add(Path.GetFileNameWithoutExtension(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void SourceProject_References_OnlyAllowedProjects(string project)
    {
        Assert.True(Allowed.TryGetValue(project, out var allowed), $"{project} has no entry in the allowed-edge table; add one on purpose.");
        var actual = ProjectReferences(project);
        var unexpected = actual.Except(allowed!).ToArray();
        Assert.True(unexpected.Length == 0, $"{project} references {string.Join(", ", unexpected)}, an edge nobody chose.");
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void SourceProject_UsesOwnedPackages_OnlyWhenOwner(string project)
    {
        foreach (var package in PackageReferences(project))
        {
            if (PackageOwner.TryGetValue(package, out var owner))
            {
                Assert.True(owner == project, $"{project} uses {package}, which only {owner} may use.");
            }
        }
    }

    [Fact]
    public void LowerLayers_DoNotReferenceStorageOrNetwork()
    {
        Assert.DoesNotContain("Archive.Dicom.Network", ProjectReferences("Archive.Dicom"));
        Assert.Empty(ProjectReferences("Archive.Codec"));
    }

    private static XDocument Load(string project)
    {
        var path = Directory.EnumerateFiles(Path.Combine(RepoRoot, "src"), project + ".csproj", SearchOption.AllDirectories).Single();
        return XDocument.Load(path);
    }

    private static string[] ProjectReferences(string project) =>
        Load(project).Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToArray();

    private static string[] PackageReferences(string project) =>
        Load(project).Descendants("PackageReference").Select(e => e.Attribute("Include")!.Value).ToArray();

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Archive.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Archive.sln not found above " + AppContext.BaseDirectory);
    }
}
