using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Testing;

/// <summary>
/// Keeps every log line at every level, with its structured values and exception text, so tests can check what
/// an operator would read, and that no secret is in any of it.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyList<LogLine> Lines => [.. _lines];

    /// <summary>Everything written, as one text: messages, their structured values and full exception dumps.</summary>
    public string AllText => string.Join(Environment.NewLine, _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public sealed record LogLine(LogLevel Level, string Category, string Message, string Values, string? Exception)
    {
        public override string ToString() => $"{Level} {Category}: {Message} | {Values}{(Exception is null ? "" : Environment.NewLine + Exception)}";
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The structured values travel to telemetry as they are, so they are checked as well as the message.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join("; ", pairs.Select(v => $"{v.Key}={v.Value}"))
                : state?.ToString() ?? "";
            capture._lines.Enqueue(new LogLine(logLevel, category, formatter(state, exception), values, exception?.ToString()));
        }
    }
}
