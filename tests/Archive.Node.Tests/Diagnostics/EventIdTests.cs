using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Tests.Diagnostics;

/// <summary>
/// Every log message the node can write has its own event id (README: ranges by library), so an operator's filter
/// or alert on an id means one thing.
/// </summary>
public sealed class EventIdTests
{
    [Fact]
    public void EveryLoggerMessageOfTheNode_HasAnEventIdNoOtherUses()
    {
        var assemblies = new[] { "archive-node", "Archive.Service", "Archive.Grid", "Archive.Grid.Grpc", "Archive.Dicom.Network", "Archive.Storage", "Archive.Index" }
            .Select(Assembly.Load);
        var messages = assemblies.SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.FullName}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToArray();

        Assert.True(messages.Length > 50, $"{messages.Length} logger messages found");
        var shared = messages.GroupBy(x => x.Attribute!.EventId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => x.Method))}").ToArray();
        Assert.True(shared.Length == 0, string.Join("\n", shared));
    }
}
