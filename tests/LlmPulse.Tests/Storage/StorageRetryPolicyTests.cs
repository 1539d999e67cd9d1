using Azure.Core;
using LlmPulse.Storage;

namespace LlmPulse.Tests.Storage;

/// <summary>Azure gets the SDK's patient exponential retries; only Azurite on this machine gets the quick ones.</summary>
public sealed class StorageRetryPolicyTests
{
    private static readonly string Key = Convert.ToBase64String(new byte[32]);

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=pulse;AccountKey={key};EndpointSuffix=core.windows.net")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=pulse;AccountKey={key};BlobEndpoint=https://pulse.blob.core.windows.net;TableEndpoint=https://pulse.table.core.windows.net")]
    public void An_azure_account_keeps_the_sdk_exponential_defaults_so_one_server_busy_never_fails_a_run(string connectionString)
    {
        var policy = StorageClients.RetryPolicy(new StorageOptions { ConnectionString = connectionString.Replace("{key}", Key, StringComparison.Ordinal) });

        Assert.Equal(new StorageRetryPolicy(3, TimeSpan.FromSeconds(0.8), TimeSpan.FromMinutes(1), RetryMode.Exponential), policy);
    }

    [Fact]
    public void The_identity_form_in_azure_keeps_the_sdk_defaults_too()
    {
        var options = new StorageOptions
        {
            BlobServiceUri = new Uri("https://pulse.blob.core.windows.net"),
            TableServiceUri = new Uri("https://pulse.table.core.windows.net"),
        };

        Assert.Equal(3, StorageClients.RetryPolicy(options).MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(0.8), StorageClients.RetryPolicy(options).Delay);
        Assert.False(StorageClients.IsEmulator(options));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;")]
    public void Azurite_gets_two_quick_retries_so_a_missing_one_is_reported_fast(string? connectionString)
    {
        var options = new StorageOptions { ConnectionString = connectionString?.Replace("{key}", Key, StringComparison.Ordinal) };

        Assert.True(StorageClients.IsEmulator(options));
        Assert.Equal(2, StorageClients.RetryPolicy(options).MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(200), StorageClients.RetryPolicy(options).Delay);
    }

    [Fact]
    public void A_configured_retry_count_applies_to_either()
    {
        Assert.Equal(0, StorageClients.RetryPolicy(new StorageOptions { MaxRetries = 0 }).MaxRetries);
        Assert.Equal(5, StorageClients.RetryPolicy(new StorageOptions { ConnectionString = $"AccountName=pulse;AccountKey={Key};EndpointSuffix=core.windows.net", MaxRetries = 5 }).MaxRetries);
    }
}
