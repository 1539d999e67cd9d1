using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace LlmPulse.Storage;

/// <summary>The account-level storage clients, built once from <see cref="StorageOptions"/> and shared.</summary>
public sealed class StorageClients
{
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public StorageClients(IOptions<StorageOptions> options)
    {
        var value = options.Value;
        var connectionString = string.IsNullOrWhiteSpace(value.ConnectionString) ? DevelopmentStorage : value.ConnectionString;

        var tableOptions = new TableClientOptions();
        Configure(tableOptions, value);
        Tables = new TableServiceClient(connectionString, tableOptions);

        var blobOptions = new BlobClientOptions();
        Configure(blobOptions, value);
        Blobs = new BlobServiceClient(connectionString, blobOptions);
    }

    public TableServiceClient Tables { get; }

    public BlobServiceClient Blobs { get; }

    private static void Configure(ClientOptions clientOptions, StorageOptions options)
    {
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
    }
}
