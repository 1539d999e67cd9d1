namespace LlmPulse.Storage;

/// <summary>Where LlmPulse keeps its data. Bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// A storage connection string. When empty, the Functions convention <c>AzureWebJobsStorage</c> is used,
    /// and then Azurite's development storage.
    /// </summary>
    public string? ConnectionString { get; set; }

    public string SeriesTable { get; set; } = "series";

    public string ObservationsTable { get; set; } = "observations";

    public string BriefingsContainer { get; set; } = "briefings";

    /// <summary>
    /// Retries of a failed storage call. Kept low so that a missing Azurite is reported in seconds, not minutes.
    /// </summary>
    public int MaxRetries { get; set; } = 2;

    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
