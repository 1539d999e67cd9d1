using LlmPulse.Briefings;
using LlmPulse.Collectors;
using LlmPulse.Delivery;
using LlmPulse.Import;
using LlmPulse.Jobs;
using LlmPulse.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LlmPulse;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers storage, import and the briefing service. The renderer comes from the rendering project
    /// (<c>AddBriefingRenderer</c>), so this library never loads native graphics code.
    /// </summary>
    public static IServiceCollection AddLlmPulse(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            // The Functions host's AzureWebJobsStorage setting then serves the app's own clients too.
            .PostConfigure(options => StorageConfiguration.Apply(options, configuration))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StorageClients>();
        services.TryAddSingleton<MetricStore>();
        services.TryAddSingleton<StorageHealth>();
        services.TryAddSingleton<RollupStore>();
        services.TryAddSingleton<MonthlyRollupWriter>();
        services.TryAddSingleton<ObservationWriter>();
        services.TryAddSingleton<RollupRebuilder>();
        services.TryAddSingleton<BriefingStore>();
        services.TryAddSingleton<SeedImporter>();
        services.TryAddSingleton<BriefingBuilder>();
        services.TryAddSingleton<BriefingService>();
        services.AddOptions<BriefingOptions>().Bind(configuration.GetSection(BriefingOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BriefingOptions>, BriefingOptionsValidator>());
        services.AddDeliveryChannels(configuration);
        services.TryAddSingleton<DeliveryLedger>();
        services.TryAddSingleton<DeliveryQueue>();
        services.TryAddSingleton<DeliveryService>();
        services.TryAddSingleton<Readiness>();
        services.TryAddSingleton<MonthlyRun>();
        services.TryAddSingleton<BriefingStatusService>();
        services.AddCollectors(configuration);
        services.TryAddSingleton<CollectQueue>();
        services.TryAddSingleton<CollectionRequests>();
        return services;
    }
}
