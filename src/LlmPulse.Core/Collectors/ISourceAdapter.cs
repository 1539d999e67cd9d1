using LlmPulse.Metrics;

namespace LlmPulse.Collectors;

/// <summary>
/// Turns a source's payload into observations, and nothing else: the collector service decides the window, writes
/// and records the run. An adapter reads the whole payload before it returns, and throws
/// <see cref="SourcePayloadException"/> at the first thing wrong in it, so a bad payload yields nothing.
/// </summary>
public interface ISourceAdapter
{
    /// <summary>The adapter's name in the configuration (<c>Adapter</c>), such as <c>wikimedia-pageviews</c>.</summary>
    string Name { get; }

    /// <summary>True for paid sources: without a key the source is skipped, not failed.</summary>
    bool RequiresApiKey { get; }

    /// <summary>Parameters every series needs (on the series or the source), checked with the configuration.</summary>
    IReadOnlyList<string> RequiredSeriesParameters { get; }

    /// <summary>
    /// The observations of <paramref name="window"/>'s series for periods that end within its dates. Observations
    /// outside the window are dropped by the caller, so an adapter may return what the source gave.
    /// </summary>
    Task<IReadOnlyList<Observation>> FetchAsync(SourceFetch fetch, SeriesWindow window, CancellationToken cancellationToken);
}

/// <summary>A series and the days its periods must end within (both inclusive).</summary>
public sealed record SeriesWindow(ConfiguredSeries Series, DateOnly From, DateOnly To);

/// <summary>The payload broke the source's documented shape. The message says what was wrong, not where it came from.</summary>
public sealed class SourcePayloadException(string message) : Exception(message);

/// <summary>
/// The source could not be asked: a refused connection, timeouts, or an error status after the retries. When
/// <see cref="Transient"/> the source as a whole is unavailable and its other series are not tried.
/// </summary>
public sealed class SourceRequestException(string message, bool transient, Exception? inner = null) : Exception(message, inner)
{
    public bool Transient { get; } = transient;
}

/// <summary>A collection named a source that is not configured.</summary>
public sealed class SourceNotFoundException(string source, IEnumerable<string> known)
    : Exception($"no source '{source}' is configured; configured sources: {string.Join(", ", known)}")
{
    public string SourceId { get; } = source;
}
