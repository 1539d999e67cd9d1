using LlmPulse.Storage;

namespace LlmPulse.Testing;

/// <summary>Fresh table and container names per test, so tests sharing one Azurite never see each other's data.</summary>
public static class StorageNames
{
    public static StorageOptions Unique(string connectionString)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        return new StorageOptions
        {
            ConnectionString = connectionString,
            SeriesTable = "series" + id,
            ObservationsTable = "obs" + id,
            BriefingsContainer = "briefings-" + id,
            DeliveriesTable = "deliveries" + id,
            DeliveryQueue = "deliveries-" + id,
            CollectQueue = "collect-" + id,
            MaxRetries = 0,
            NetworkTimeout = TimeSpan.FromSeconds(10),
        };
    }
}
