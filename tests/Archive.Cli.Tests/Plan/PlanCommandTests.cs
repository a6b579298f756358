using System.Text.Json;
using Archive.Cli.Commands.Plan;

namespace Archive.Cli.Tests.Plan;

public sealed class PlanCommandTests
{
    [Theory]
    [InlineData("edge-1u")]
    [InlineData("standard-2u-12")]
    [InlineData("dense-4u")]
    public void NodeProfiles_ReferenceProfiles_AreEmbeddedAndValid(string name)
    {
        Assert.Contains(name, NodeProfiles.BuiltIn);
        Assert.Equal(name, NodeProfiles.Load(name).Name);
    }

    [Fact]
    public async Task Plan_Json_PrintsTheFiguresInBaseUnits()
    {
        var (code, output, error) = await Run("plan", "--profile", "standard-2u-12", "--nodes", "14", "--class", "ec-10-4", "--exams-per-year", "500000", "--exam-size-mb", "200", "--retention-years", "20", "--json");

        Assert.True(code == ExitCodes.Ok, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        // 14 nodes x 12 drives x 20e12 B = 3.36e15 B raw; 500,000 x 200e6 B = 1e14 B a year.
        Assert.Equal(3.36e15, root.GetProperty("rawBytes").GetDouble(), 1e3);
        Assert.Equal(1e14, root.GetProperty("yearlyIngestBytes").GetDouble(), 1e3);
        Assert.Equal(168, root.GetProperty("drives").GetInt32());
        Assert.InRange(root.GetProperty("durabilityNines").GetDouble(), 8, 10);
    }

    [Fact]
    public async Task Plan_Table_ShowsTheRows()
    {
        var (code, output, _) = await Run("plan", "--profile", "edge-1u", "--nodes", "6", "--class", "ec-4-2", "--exams-per-year", "20000");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("usable capacity", output, StringComparison.Ordinal);
        Assert.Contains("failed drive rebuild", output, StringComparison.Ordinal);
        Assert.Contains("nines", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_UnknownProfile_ExitsBadInput()
    {
        var (code, _, error) = await Run("plan", "--profile", "no-such-profile", "--nodes", "6", "--exams-per-year", "1");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("no profile 'no-such-profile'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--nodes", "6", "--class", "foo")]
    [InlineData("--nodes", "6", "--class", "ec-10-4")] // 14 shards on 6 nodes
    [InlineData("--nodes", "6", "--max-fill", "1.5")]
    [InlineData("--nodes", "300", "--class", "ec-99-99", "--json")] // sweep O: "Infinity nines", and an unhandled exception with --json
    [InlineData("--nodes", "600000000")] // a negative drive count
    public async Task Plan_BadArgument_ExitsUsage(params string[] args)
    {
        var (code, _, error) = await Run(["plan", "--profile", "edge-1u", "--exams-per-year", "10", .. args]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith("plan: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_HelpExample_Runs()
    {
        var (_, help, _) = await Run("plan", "--help");
        var example = help[(help.IndexOf("archivectl plan ", StringComparison.Ordinal) + "archivectl ".Length)..].Split('\n')[0].Trim();

        var (code, _, error) = await Run(example.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.True(code == ExitCodes.Ok, error);
    }

    [Fact]
    public async Task Plan_ProfileWithTheDocumentedFieldsOnly_IsRead()
    {
        // hardware/README.md lists what a profile needs; description, rack units, cores, RAM and the SSD are optional.
        var file = Path.Combine(Path.GetTempPath(), $"profile-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{ "formatVersion": 1, "name": "mine", "nicGbps": 10, "dataDrives": { "count": 8, "sizeTB": 18, "annualFailureRate": 0.01, "sustainedMBps": 250 } }""");
        try
        {
            var (code, output, error) = await Run("plan", "--profile", file, "--nodes", "6", "--class", "ec-4-2", "--exams-per-year", "1000");
            Assert.True(code == ExitCodes.Ok, error);
            Assert.Contains("usable capacity", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Help_NeverPrintsTheClusterSecret()
    {
        // Sweep O: every command's help showed the secret in force ($ARCHIVE_SECRET, else the development one) as its
        // "[default: ...]". The secret is now read when a command runs, so help has no value to show.
        foreach (var command in new[] { "status", "verify", "audit list", "drain" })
        {
            var (_, help, _) = await Run([.. command.Split(' '), "--help"]);
            var line = help.Split('\n').Single(l => l.TrimStart().StartsWith("--secret", StringComparison.Ordinal));
            Assert.DoesNotContain("default:", line, StringComparison.Ordinal);
            Assert.DoesNotContain("local-dev-secret", help, StringComparison.Ordinal);
        }
    }

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Program.InvokeAsync(args, new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
