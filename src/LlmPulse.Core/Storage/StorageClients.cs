using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace LlmPulse.Storage;

/// <summary>
/// The account-level storage clients, built once from <see cref="StorageOptions"/> and shared (the Azure SDK
/// clients are thread-safe). A connection string under Azurite; service URIs and a token credential in Azure.
/// </summary>
public sealed class StorageClients
{
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public StorageClients(IOptions<StorageOptions> options)
    {
        var value = options.Value;
        var tableOptions = new TableClientOptions();
        Configure(tableOptions, value);
        var blobOptions = new BlobClientOptions();
        Configure(blobOptions, value);

        // Base64, as the Functions queue trigger expects by default: a message the app enqueues is one the host reads.
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        Configure(queueOptions, value);

        if (value.UsesIdentity)
        {
            Credential = CreateCredential(value);
            Tables = new TableServiceClient(value.TableServiceUri, Credential, tableOptions);
            Blobs = new BlobServiceClient(value.BlobServiceUri, Credential, blobOptions);
            Queues = new QueueServiceClient(value.QueueServiceUri ?? QueueUriFrom(value.BlobServiceUri!), Credential, queueOptions);
        }
        else
        {
            var connectionString = string.IsNullOrWhiteSpace(value.ConnectionString) ? DevelopmentStorage : value.ConnectionString;
            Tables = new TableServiceClient(connectionString, tableOptions);
            Blobs = new BlobServiceClient(connectionString, blobOptions);
            Queues = new QueueServiceClient(connectionString, queueOptions);
        }
    }

    public TableServiceClient Tables { get; }

    public BlobServiceClient Blobs { get; }

    public QueueServiceClient Queues { get; }

    /// <summary>The token credential in use, or null for a connection string.</summary>
    public TokenCredential? Credential { get; }

    private static TokenCredential CreateCredential(StorageOptions options)
    {
        if (options.UseManagedIdentity)
        {
            return options.ManagedIdentityClientId is { } clientId
                ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
        }

        // A developer pointing the CLI at a real account signs in with az/azd/Visual Studio.
        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ManagedIdentityClientId });
    }

    /// <summary>The queue endpoint of the account whose blob endpoint is given (…blob.core… becomes …queue.core…).</summary>
    private static Uri QueueUriFrom(Uri blob) =>
        new UriBuilder(blob) { Host = blob.Host.Replace(".blob.", ".queue.", StringComparison.OrdinalIgnoreCase) }.Uri;

    private static void Configure(ClientOptions clientOptions, StorageOptions options)
    {
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
    }
}
