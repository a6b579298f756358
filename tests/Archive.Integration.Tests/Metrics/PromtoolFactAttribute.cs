namespace Archive.Integration.Tests.Metrics;

/// <summary>A test that needs <c>promtool</c> (Debian package <c>prometheus</c>, installed by tools/dev/install-deps): skipped, with the reason, where it is absent.</summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        if (Promtool.Path is null)
        {
            Skip = "promtool not found on PATH: install the Debian package `prometheus` (tools/dev/install-deps does)";
        }
    }
}
