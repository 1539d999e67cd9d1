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

/// <summary>
/// The parts of the app a process registers beyond storage, import, briefings and the settings every door checks
/// (storage, briefings, delivery). What is not registered is neither bound nor checked nor loaded.
/// </summary>
[Flags]
public enum LlmPulseParts
{
    /// <summary>Storage, import, the briefing service, and the storage, briefing and delivery settings.</summary>
    Core = 0,

    /// <summary>The delivery channels: email through MailKit, webhooks through an HTTP client with Polly's resilience handler.</summary>
    DeliveryChannels = 1,

    /// <summary>The collectors: the source catalog (<c>sources.json</c> and the <c>Sources</c> section), adapters, run store, HTTP client.</summary>
    Collectors = 2,

    All = DeliveryChannels | Collectors,
}

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers storage, import, the briefing service, delivery and the collectors. The renderer comes from the
    /// rendering project (<c>AddBriefingRenderer</c>), so this library never loads native graphics code.
    /// </summary>
    public static IServiceCollection AddLlmPulse(this IServiceCollection services, IConfiguration configuration) =>
        services.AddLlmPulse(configuration, LlmPulseParts.All);

    /// <summary>
    /// Registers storage, import and the briefing service, and of the rest only <paramref name="parts"/>. A cold
    /// process that renders a briefing needs neither the collectors (their check reads and validates
    /// <c>sources.json</c>, about 50 ms of a cold CLI run) nor the channels' HTTP client and Polly; the storage,
    /// briefing and delivery settings are checked whatever the parts, so a wrong setting stops every door.
    /// </summary>
    public static IServiceCollection AddLlmPulse(this IServiceCollection services, IConfiguration configuration, LlmPulseParts parts)
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
        services.AddDeliverySettings(configuration);
        if (parts.HasFlag(LlmPulseParts.DeliveryChannels))
        {
            services.AddDeliveryChannels(configuration);
        }

        services.TryAddSingleton<DeliveryLedger>();
        services.TryAddSingleton<DeliveryQueue>();
        services.TryAddSingleton<DeliveryService>();
        services.TryAddSingleton<Readiness>();
        services.TryAddSingleton<MonthlyRun>();
        services.TryAddSingleton<BriefingStatusService>();
        if (parts.HasFlag(LlmPulseParts.Collectors))
        {
            services.AddCollectors(configuration);
        }

        services.TryAddSingleton<CollectQueue>();
        services.TryAddSingleton<CollectionRequests>();
        return services;
    }
}
