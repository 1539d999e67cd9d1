using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Collectors.Tests;

/// <summary>Keeps every log line at every level, with exception text, so tests can check what an operator would read.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyList<LogLine> Lines => _lines.ToArray();

    public string AllText => string.Join(Environment.NewLine, _lines.Select(l => $"{l.Level} {l.Category}: {l.Message} {l.Exception}"));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public sealed record LogLine(LogLevel Level, string Category, string Message, string? Exception);

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture._lines.Enqueue(new LogLine(logLevel, category, formatter(state, exception) + " " + state, exception?.ToString()));
    }
}
