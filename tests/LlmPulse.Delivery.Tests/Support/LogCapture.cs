using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Delivery.Tests.Support;

/// <summary>Keeps every log line written (all levels, with exceptions) so tests can look for secrets in them.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public string All => string.Join(Environment.NewLine, _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel} {category}: {formatter(state, exception)}";
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                line += " | " + string.Join("; ", values.Select(v => $"{v.Key}={v.Value}"));
            }

            if (exception is not null)
            {
                line += Environment.NewLine + exception;
            }

            capture._lines.Enqueue(line);
        }
    }
}
