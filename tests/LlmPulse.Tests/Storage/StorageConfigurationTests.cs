using Azure.Identity;
using LlmPulse.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmPulse.Tests.Storage;

/// <summary>The app's storage clients read the Functions host's AzureWebJobsStorage setting in both of its forms.</summary>
public sealed class StorageConfigurationTests
{
    private static (StorageOptions Options, StorageClients Clients) Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLlmPulse(configuration).BuildServiceProvider();
        return (services.GetRequiredService<IOptions<StorageOptions>>().Value, services.GetRequiredService<StorageClients>());
    }

    [Fact]
    public void The_months_and_days_tables_are_named_after_the_observations_table_and_a_name_leaving_them_no_room_is_refused()
    {
        var (options, _) = Resolve(new() { ["Storage:ObservationsTable"] = "metrics" });
        var validator = new StorageOptionsValidator();
        var longest = new StorageOptions { ObservationsTable = "o" + new string('b', 56) };
        var tooLong = new StorageOptions { ObservationsTable = "o" + new string('b', 57) };

        Assert.Equal("metricsmonths", options.MonthsTable);
        Assert.Equal("metricsdays", options.DaysTable);
        Assert.Equal(63, longest.MonthsTable.Length);
        Assert.True(validator.Validate(null, longest).Succeeded);
        var failure = Assert.Single(validator.Validate(null, tooLong).Failures!);
        Assert.StartsWith($"Storage:ObservationsTable '{tooLong.ObservationsTable}' is too long: the table beside it, '{tooLong.ObservationsTable}months'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_in_AzureWebJobsStorage_is_used_as_is()
    {
        var (options, clients) = Resolve(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.False(options.UsesIdentity);
        Assert.Null(clients.Credential);
        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1", clients.Tables.Uri.ToString().TrimEnd('/'));
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1", clients.Blobs.Uri.ToString().TrimEnd('/'));
    }

    [Fact]
    public void The_identity_form_uses_the_service_uris_and_the_user_assigned_managed_identity()
    {
        var (options, clients) = Resolve(new()
        {
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://pulse.blob.core.windows.net",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://pulse.table.core.windows.net",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://pulse.queue.core.windows.net",
        });

        Assert.True(options.UsesIdentity);
        Assert.True(options.UseManagedIdentity);
        Assert.Equal("00000000-0000-0000-0000-000000000001", options.ManagedIdentityClientId);
        Assert.IsType<ManagedIdentityCredential>(clients.Credential);
        Assert.Equal("https://pulse.table.core.windows.net/", clients.Tables.Uri.ToString());
        Assert.Equal("https://pulse.blob.core.windows.net/", clients.Blobs.Uri.ToString());
    }

    [Fact]
    public void An_account_name_alone_gives_the_public_cloud_endpoints()
    {
        var (options, _) = Resolve(new() { ["AzureWebJobsStorage:accountName"] = "pulse", ["AzureWebJobsStorage:credential"] = "managedidentity" });

        Assert.Equal(new Uri("https://pulse.blob.core.windows.net"), options.BlobServiceUri);
        Assert.Equal(new Uri("https://pulse.table.core.windows.net"), options.TableServiceUri);
    }

    [Fact]
    public void The_Storage_section_wins_over_the_host_setting()
    {
        var (options, _) = Resolve(new()
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://pulse.blob.core.windows.net",
        });

        Assert.Equal("UseDevelopmentStorage=true", options.ConnectionString);
        Assert.False(options.UsesIdentity);
    }

    [Fact]
    public void With_no_setting_at_all_Azurite_is_assumed()
    {
        var (options, clients) = Resolve([]);

        Assert.Equal(StorageClients.DevelopmentStorage, options.ConnectionString);
        Assert.Equal(10002, clients.Tables.Uri.Port);
    }
}
