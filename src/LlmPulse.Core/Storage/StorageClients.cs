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

    /// <summary>
    /// The retries of every storage call. Azure: the SDK's exponential defaults (3 retries from 0.8 s, up to a
    /// minute apart), so one <c>ServerBusy</c> or throttled call never fails a run. Azurite on this machine: two quick
    /// retries, so a missing Azurite is reported in a second, not minutes. <see cref="StorageOptions.MaxRetries"/>
    /// overrides the count for either.
    /// </summary>
    public static StorageRetryPolicy RetryPolicy(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var defaults = new TableClientOptions().Retry;
        return IsEmulator(options)
            ? new StorageRetryPolicy(options.MaxRetries ?? 2, TimeSpan.FromMilliseconds(200), defaults.MaxDelay, RetryMode.Exponential)
            : new StorageRetryPolicy(options.MaxRetries ?? defaults.MaxRetries, defaults.Delay, defaults.MaxDelay, defaults.Mode);
    }

    /// <summary>Whether the account is Azurite (or another emulator) on this machine rather than Azure.</summary>
    public static bool IsEmulator(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.UsesIdentity)
        {
            return options.TableServiceUri!.IsLoopback && options.BlobServiceUri!.IsLoopback;
        }

        var connectionString = string.IsNullOrWhiteSpace(options.ConnectionString) ? DevelopmentStorage : options.ConnectionString;
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.Last()[1], StringComparer.OrdinalIgnoreCase);
        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && string.Equals(development, "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var endpoints = new[] { "TableEndpoint", "BlobEndpoint" }.Select(name => parts.GetValueOrDefault(name)).ToArray();
        return endpoints.All(e => Uri.TryCreate(e, UriKind.Absolute, out var uri) && uri.IsLoopback);
    }

    /// <summary>The queue endpoint of the account whose blob endpoint is given (…blob.core… becomes …queue.core…).</summary>
    private static Uri QueueUriFrom(Uri blob) =>
        new UriBuilder(blob) { Host = blob.Host.Replace(".blob.", ".queue.", StringComparison.OrdinalIgnoreCase) }.Uri;

    private static void Configure(ClientOptions clientOptions, StorageOptions options)
    {
        var policy = RetryPolicy(options);
        clientOptions.Retry.MaxRetries = policy.MaxRetries;
        clientOptions.Retry.Delay = policy.Delay;
        clientOptions.Retry.MaxDelay = policy.MaxDelay;
        clientOptions.Retry.Mode = policy.Mode;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
    }
}

/// <summary>How storage calls are retried: count, first delay, longest delay and backoff.</summary>
public sealed record StorageRetryPolicy(int MaxRetries, TimeSpan Delay, TimeSpan MaxDelay, RetryMode Mode);
