namespace Archive.Integration.Tests.Metrics;

public sealed class AlertRulesTests
{
    [PromtoolFact]
    public async Task AlertRules_PromtoolCheckRules_Passes()
    {
        var rules = Path.Combine(Promtool.RepositoryRoot(), "hardware", "prometheus", "archive-alerts.yml");

        var (code, output) = await Promtool.RunAsync(null, "check", "rules", rules);

        Assert.True(code == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [PromtoolFact]
    public async Task AlertRules_UnitTests_FireAsSpecified()
    {
        var tests = Path.Combine(Promtool.RepositoryRoot(), "hardware", "prometheus", "archive-alerts.test.yml");

        var (code, output) = await Promtool.RunAsync(null, "test", "rules", tests);

        Assert.True(code == 0, output);
    }
}
