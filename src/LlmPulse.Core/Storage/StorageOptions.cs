namespace LlmPulse.Storage;

/// <summary>
/// Where LlmPulse keeps its data. Bound from the <c>Storage</c> configuration section, then completed from the
/// Functions host's own <c>AzureWebJobsStorage</c> setting, in either of its two forms: a connection string
/// (Azurite, local runs) or identity-based service URIs (Azure, no keys).
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>A storage connection string. Leave empty to use service URIs with a managed identity.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Blob endpoint for identity-based access, e.g. https://account.blob.core.windows.net.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Table endpoint for identity-based access, e.g. https://account.table.core.windows.net.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>Queue endpoint for identity-based access; derived from the blob endpoint when not set.</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty for the system-assigned one or developer sign-in.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// True when the identity is a managed identity (<c>AzureWebJobsStorage__credential=managedidentity</c>);
    /// otherwise service URIs use the developer's sign-in chain.
    /// </summary>
    public bool UseManagedIdentity { get; set; }

    public string SeriesTable { get; set; } = "series";

    public string ObservationsTable { get; set; } = "observations";

    /// <summary>
    /// What the briefing reads of daily series whatever its month (monthly roll-ups and the month index; see
    /// <see cref="RollupStore"/>), derived from the observations: named after their table, so it needs no setting
    /// and every deployment, benchmark and test with its own observations table has its own.
    /// </summary>
    public string MonthsTable => ObservationsTable + MonthsTableSuffix;

    public const string MonthsTableSuffix = "months";

    /// <summary>
    /// The figures of daily series copied by month (see <see cref="RollupStore"/>), beside <see cref="MonthsTable"/>
    /// and named the same way. A table of its own because it grows with every month of every series, and Azurite
    /// scans a whole table for every query: in the months table, each read of the roll-ups scanned these rows too.
    /// </summary>
    public string DaysTable => ObservationsTable + DaysTableSuffix;

    public const string DaysTableSuffix = "days";

    public string BriefingsContainer { get; set; } = "briefings";

    public string DeliveriesTable { get; set; } = "deliveries";

    /// <summary>
    /// Queue of deliveries to make, one message per briefing version and subscriber. The DeliverBriefing function
    /// listens on <see cref="DeliveryQueue.DefaultName"/>: change this only for tests and tools that drain it themselves.
    /// </summary>
    public string DeliveryQueue { get; set; } = Storage.DeliveryQueue.DefaultName;

    /// <summary>Queue of collection work, one message per source; CollectSource listens on <see cref="CollectQueue.DefaultName"/>.</summary>
    public string CollectQueue { get; set; } = Storage.CollectQueue.DefaultName;

    /// <summary>
    /// Retries of a failed storage call. Unset: the Azure SDK's default (3, exponential) against Azure, and 2 quick
    /// ones against Azurite, so that a missing Azurite is reported in seconds (see <see cref="StorageClients.RetryPolicy"/>).
    /// </summary>
    public int? MaxRetries { get; set; }

    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>True when the account is reached by service URIs and a token credential rather than a key.</summary>
    public bool UsesIdentity => string.IsNullOrWhiteSpace(ConnectionString) && BlobServiceUri is not null && TableServiceUri is not null;
}
