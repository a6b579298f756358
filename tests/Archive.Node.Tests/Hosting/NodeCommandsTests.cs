using Archive.Grid.Grpc.Peers;
using Archive.Node.Hosting;
using Archive.Node.Options;
using Archive.Storage.Disks;
using Archive.Storage.Layout;

namespace Archive.Node.Tests.Hosting;

/// <summary>archive-node init and new-map as an operator meets them: refusals in one line, nothing changed when refused (sweep N).</summary>
public sealed class NodeCommandsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("node-commands-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Init_WhileANodeRunsOnItsHome_IsRefusedAndFormatsNothing()
    {
        var settings = Settings("n1");
        using (Assert.IsType<DirectoryLock>(DirectoryLock.TryTake(settings.Home, out var running) ? running : null))
        {
            var (exit, _, error) = Init(settings);

            Assert.Equal(1, exit);
            Assert.Contains("in use by another archive-node process", error, StringComparison.Ordinal);
            Assert.All(settings.DataDisks, d => Assert.False(File.Exists(StoragePaths.LabelFile(d))));
        }
    }

    [Fact]
    public void Init_WithAnotherHome_WhileANodeHoldsOneOfItsDisks_IsRefusedAndFormatsNothing()
    {
        var settings = Settings("n1");
        var elsewhere = settings with { Home = Path.Combine(_root, "other-home") };
        Directory.CreateDirectory(settings.DataDisks[0]);
        using (Assert.IsType<DirectoryLock>(DirectoryLock.TryTake(settings.DataDisks[0], out var running) ? running : null))
        {
            var (exit, _, error) = Init(elsewhere);

            Assert.Equal(1, exit);
            Assert.Contains($"data disk {settings.DataDisks[0]} is in use by another archive-node process", error, StringComparison.Ordinal);
            Assert.All(settings.DataDisks, d => Assert.False(File.Exists(StoragePaths.LabelFile(d))));
        }
    }

    [Fact]
    public void Init_ADiskOfAnotherNode_NamesItAndFormatsNothing()
    {
        var settings = Settings("n1");
        DiskFormatter.Format(settings.DataDisks[1], StorageNodeIds.Of("n2"), TimeProvider.System);

        var (exit, output, error) = Init(settings);

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains($"{settings.DataDisks[1]}: it was formatted for another node", error, StringComparison.Ordinal);
        Assert.False(File.Exists(StoragePaths.LabelFile(settings.DataDisks[0]))); // the blank one too: nothing changes
    }

    [Fact]
    public void Init_BlankDisks_FormatsThemAndPrintsOnlyTheDescriptor()
    {
        var settings = Settings("n1");

        var (exit, output, _) = Init(settings);

        Assert.Equal(0, exit);
        Assert.StartsWith("{\"id\":\"n1\"", output, StringComparison.Ordinal);
        Assert.All(settings.DataDisks, d => Assert.True(File.Exists(StoragePaths.LabelFile(d))));
    }

    [Theory]
    [InlineData("new-map: --small-threshold 'abc' is not a number of bytes", "--out", "map.json", "--small-threshold", "abc", "d.jsonl")]
    [InlineData("new-map: --out needs a value", "d.jsonl", "--out")]
    [InlineData("new-map: unknown option --klass", "--out", "map.json", "--klass", "ec-4-2", "d.jsonl")]
    [InlineData("new-map: {dir}/bad.jsonl line 2 is not a node descriptor", "--out", "map.json", "bad.jsonl")]
    [InlineData("new-map: {dir}/partial.jsonl line 1 lacks id, address, site, rack or disks", "--out", "map.json", "partial.jsonl")]
    public void NewMap_BadArguments_OneLineNamingTheProblem(string expected, params string[] args)
    {
        File.WriteAllText(Path.Combine(_root, "bad.jsonl"), "\n{ not json\n");
        File.WriteAllText(Path.Combine(_root, "partial.jsonl"), "{\"id\":\"z\"}\n");
        File.WriteAllText(Path.Combine(_root, "d.jsonl"), string.Empty);
        var error = new StringWriter();

        var exit = NodeCommands.NewMap(args.Select(a => a.EndsWith(".jsonl", StringComparison.Ordinal) || a == "map.json" ? Path.Combine(_root, a) : a).ToArray(), error);

        Assert.Equal(2, exit);
        Assert.StartsWith(expected.Replace("{dir}", _root, StringComparison.Ordinal), error.ToString(), StringComparison.Ordinal);
    }

    private NodeSettings Settings(string id) => NodeSettingsLoader.Load(
        NodeSettingsLoader.Build([$"--Node:Id={id}", $"--Node:Home={Path.Combine(_root, id)}", $"--Node:DataDisks:0={Path.Combine(_root, id, "d1")}", $"--Node:DataDisks:1={Path.Combine(_root, id, "d2")}"], _ => null),
        _root);

    private static (int Exit, string Output, string Error) Init(NodeSettings settings)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = NodeCommands.Init(settings, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
