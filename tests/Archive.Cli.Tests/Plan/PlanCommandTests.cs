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

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Program.BuildRoot().Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
