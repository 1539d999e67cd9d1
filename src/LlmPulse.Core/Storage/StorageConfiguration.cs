using Microsoft.Extensions.Configuration;

namespace LlmPulse.Storage;

/// <summary>
/// Reads the Functions host's storage setting so the app's own clients use the same account the host uses.
/// </summary>
public static class StorageConfiguration
{
    public const string HostStorageKey = "AzureWebJobsStorage";

    /// <summary>
    /// Completes <paramref name="options"/> from <c>AzureWebJobsStorage</c> unless the <c>Storage</c> section already
    /// names an account. Either a connection string (<c>AzureWebJobsStorage=...</c>) or the identity form
    /// (<c>AzureWebJobsStorage__blobServiceUri</c>, <c>__tableServiceUri</c> or <c>__accountName</c>,
    /// <c>__credential=managedidentity</c>, <c>__clientId</c>); with neither, Azurite's development storage.
    /// </summary>
    public static void Apply(StorageOptions options, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString) || options.UsesIdentity)
        {
            return;
        }

        var host = configuration.GetSection(HostStorageKey);
        if (!string.IsNullOrWhiteSpace(host.Value))
        {
            options.ConnectionString = host.Value;
            return;
        }

        var accountName = host["accountName"];
        options.BlobServiceUri ??= UriOrNull(host["blobServiceUri"]) ?? AccountUri(accountName, "blob");
        options.TableServiceUri ??= UriOrNull(host["tableServiceUri"]) ?? AccountUri(accountName, "table");
        options.QueueServiceUri ??= UriOrNull(host["queueServiceUri"]) ?? AccountUri(accountName, "queue");
        options.UseManagedIdentity = string.Equals(host["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase);
        options.ManagedIdentityClientId ??= NullIfEmpty(host["clientId"]);

        if (options.BlobServiceUri is null || options.TableServiceUri is null)
        {
            options.BlobServiceUri = null;
            options.TableServiceUri = null;
            options.ConnectionString = StorageClients.DevelopmentStorage;
        }
    }

    private static Uri? AccountUri(string? accountName, string service) =>
        string.IsNullOrWhiteSpace(accountName) ? null : new Uri($"https://{accountName}.{service}.core.windows.net");

    private static Uri? UriOrNull(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
