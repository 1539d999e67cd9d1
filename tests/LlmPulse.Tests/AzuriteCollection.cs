using LlmPulse.Briefings;
using LlmPulse.Import;
using LlmPulse.Rendering;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LlmPulse.Tests;

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteServer>
{
    public const string Name = "Azurite";
}

/// <summary>The application's real services, wired as the CLI and Functions wire them, on a test's own tables.</summary>
public sealed class TestApp : IDisposable
{
    private readonly ServiceProvider _services;

    public TestApp(string connectionString, DateTimeOffset? now = null)
        : this(StorageNames.Unique(connectionString), now)
    {
    }

    public TestApp(StorageOptions storage, DateTimeOffset? now = null)
    {
        Storage = storage;
        Time = new FakeTimeProvider(now ?? new DateTimeOffset(2023, 10, 1, 7, 0, 0, TimeSpan.Zero));
        _services = ConfigureServices(new ServiceCollection(), storage, Time).BuildServiceProvider();
    }

    public StorageOptions Storage { get; }

    public FakeTimeProvider Time { get; }

    public MetricStore Metrics => _services.GetRequiredService<MetricStore>();

    public IServiceProvider Services => _services;

    public BriefingStore Briefings => _services.GetRequiredService<BriefingStore>();

    public SeedImporter Importer => _services.GetRequiredService<SeedImporter>();

    public BriefingService BriefingService => _services.GetRequiredService<BriefingService>();

    public static string SeedsFolder => Path.Combine(AzuriteServer.RepositoryRoot, "seeds");

    /// <summary>
    /// Points the CLI's own container at this storage and clock. It adds no registrations: each command registers
    /// what it needs (<c>LlmPulseCommand.PartsFor</c>), and the tests run the commands as they register themselves.
    /// </summary>
    public static IServiceCollection ConfigureCli(IServiceCollection services, StorageOptions storage, TimeProvider time)
    {
        services.AddSingleton(time);
        services.AddSingleton<IOptions<StorageOptions>>(Options.Create(storage));
        return services;
    }

    /// <summary>Registers the services with this storage and clock.</summary>
    public static IServiceCollection ConfigureServices(IServiceCollection services, StorageOptions storage, TimeProvider time)
    {
        services.AddLogging();
        services.AddLlmPulse(new ConfigurationBuilder().Build());
        services.AddBriefingRenderer();
        services.AddSingleton(time);
        services.AddSingleton<IOptions<StorageOptions>>(Options.Create(storage));
        return services;
    }

    public void Dispose() => _services.Dispose();
}
