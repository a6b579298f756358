using Archive.Node.Options;

namespace Archive.Node.Tests.Diagnostics;

/// <summary>The sample production configuration in hardware/config stays loadable as the settings evolve.</summary>
public sealed class ProductionConfigurationTests
{
    [Fact]
    public void Load_SampleProductionConfiguration_IsValidAndTakesEffect()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Archive.sln")))
        {
            dir = dir.Parent;
        }

        var path = Path.Combine(dir!.FullName, "hardware", "config", "archive-node.production.json");

        var settings = NodeSettingsLoader.Load(NodeSettingsLoader.Build(["--config", path], _ => null), "/srv/work");

        Assert.Equal("node-07", settings.NodeId);
        Assert.Equal(12, settings.DataDisks.Count);
        Assert.Equal("/srv/archive/fast", settings.FastDirectory);
        Assert.False(settings.FormatBlankDisks);
        Assert.Equal(2, settings.Dicom.RemoteAes.Count);
        Assert.Equal(200L * 1024 * 1024, settings.Repair.BytesPerSecond);
    }
}
