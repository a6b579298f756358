using Microsoft.Extensions.Logging;

namespace Archive.Node.Tests.Support;

/// <summary>A logger that keeps each event's id and message, for tests that assert what an operator is told.</summary>
internal sealed class RecordingLogger : ILogger
{
    public List<int> Ids { get; } = [];

    public List<string> Messages { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Ids.Add(eventId.Id);
        Messages.Add(formatter(state, exception));
    }
}
