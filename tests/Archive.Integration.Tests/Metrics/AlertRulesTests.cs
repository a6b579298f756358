using System.Text;
using System.Text.Json;

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

    [PromtoolFact]
    public async Task Dashboard_EveryPanelQuery_IsValidPromQl()
    {
        // promtool has no expression checker of its own: each query becomes a recording rule.
        var dashboard = Path.Combine(Promtool.RepositoryRoot(), "hardware", "grafana", "archive-dashboard.json");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(dashboard));
        var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        var count = 0;
        foreach (var panel in json.RootElement.GetProperty("panels").EnumerateArray())
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                rules.Append("      - record: dashboard:query").Append(count++).Append("\n        expr: ").Append(JsonSerializer.Serialize(target.GetProperty("expr").GetString())).Append('\n');
            }
        }

        var file = Path.Combine(Path.GetTempPath(), "dashboard-rules-" + Guid.NewGuid().ToString("N") + ".yml");
        await File.WriteAllTextAsync(file, rules.ToString());
        try
        {
            var (code, output) = await Promtool.RunAsync(null, "check", "rules", file);
            Assert.True(code == 0, output);
            Assert.Contains($"SUCCESS: {count} rules found", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
