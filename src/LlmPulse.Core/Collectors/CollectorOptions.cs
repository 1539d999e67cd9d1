namespace LlmPulse.Collectors;

/// <summary>
/// How the collectors reach their sources. Bound from the <c>Collectors</c> section; every source uses the same
/// HTTP client, whose standard resilience handler retries transient failures (5xx, 408, 429 after its
/// Retry-After, timeouts, refused connections) with exponential backoff and jitter.
/// </summary>
public sealed class CollectorOptions
{
    public const string SectionName = "Collectors";

    /// <summary>
    /// The JSON file of source definitions, relative to the app's folder; the <c>Sources</c> section of the app's
    /// own configuration overrides it setting by setting. Empty: no file, only configured sources.
    /// </summary>
    public string SourcesFile { get; set; } = "sources.json";

    /// <summary>
    /// Sent with every request. Wikimedia asks for a descriptive agent with a way to reach its operator: put a
    /// contact address in it when deploying.
    /// </summary>
    public string UserAgent { get; set; } = "LlmPulse/1.0 (monthly LLM market briefing; collects public traffic, index and investment figures)";

    /// <summary>Time one attempt of a request may take before it is cancelled and retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time one request may take over all its attempts and waits.</summary>
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Retries after the first attempt (at least 1).</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First backoff; each retry doubles it, with jitter. A Retry-After header takes precedence.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>Which timer collects a source: traffic daily, indexes after the market closes, investment weekly.</summary>
public enum CollectorGroup
{
    Traffic,
    Indexes,
    Investment,
}

public static class CollectorGroups
{
    public static string ToText(this CollectorGroup group) => group switch
    {
        CollectorGroup.Traffic => "traffic",
        CollectorGroup.Indexes => "indexes",
        CollectorGroup.Investment => "investment",
        _ => throw new ArgumentOutOfRangeException(nameof(group)),
    };

    public static bool TryParse(string? text, out CollectorGroup group)
    {
        foreach (var candidate in Enum.GetValues<CollectorGroup>())
        {
            if (string.Equals(candidate.ToText(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                group = candidate;
                return true;
            }
        }

        group = default;
        return false;
    }
}
