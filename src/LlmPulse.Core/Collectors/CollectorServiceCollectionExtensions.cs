using LlmPulse.Collectors.Adapters;
using LlmPulse.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace LlmPulse.Collectors;

public static class CollectorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the collectors: the source catalog (the shipped <c>sources.json</c> overlaid with the <c>Sources</c>
    /// section of <paramref name="configuration"/>), the adapters, the run store, and the HTTP client every source
    /// is asked through, with the standard resilience handler configured from <see cref="CollectorOptions"/>.
    /// Calling it again changes nothing.
    /// </summary>
    public static IServiceCollection AddCollectors(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(CollectorService)))
        {
            return services;
        }

        services.AddOptions<CollectorOptions>().Bind(configuration.GetSection(CollectorOptions.SectionName)).ValidateOnStart();
        services.AddOptions<RunStoreOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CollectorOptions>, CollectorOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SourceCatalogOptions>, CollectorOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RunStoreOptions>, StorageOptionsValidator>());
        services.AddOptions<SourceCatalogOptions>().ValidateOnStart().Configure(catalog =>
        {
            // Bound here without validation, so that a wrong Collectors setting does not hide the sources' problems.
            var file = (configuration.GetSection(CollectorOptions.SectionName).Get<CollectorOptions>() ?? new CollectorOptions()).SourcesFile;
            if (!string.IsNullOrWhiteSpace(file))
            {
                var shipped = new ConfigurationBuilder().SetBasePath(AppContext.BaseDirectory).AddJsonFile(file, optional: false).Build();
                shipped.GetSection(SourceCatalogOptions.SectionName).Bind(catalog.Sources);

                // Keys come from the app's configuration only (a Key Vault reference in Azure), never from a file
                // that is shipped with the app and kept in the repository.
                foreach (var source in catalog.Sources.Values)
                {
                    source.ApiKey = null;
                }
            }

            configuration.GetSection(SourceCatalogOptions.SectionName).Bind(catalog.Sources);
        });

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISourceAdapter, SimilarWebAdapter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISourceAdapter, WikimediaPageviewsAdapter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISourceAdapter, TrancoAdapter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISourceAdapter, EastmoneyBoardAdapter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISourceAdapter, YahooChartAdapter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISourceAdapter, CsvFeedAdapter>());
        services.TryAddSingleton<SourceCatalog>();
        services.TryAddSingleton(provider => new SecretMasker(provider.GetRequiredService<SourceCatalog>()));
        services.TryAddSingleton<RunStore>();
        services.TryAddSingleton<ObservationWriter>();
        services.TryAddSingleton<CollectorService>();

        services.AddHttpClient(CollectorService.HttpClientName, (provider, client) =>
            {
                var userAgent = provider.GetRequiredService<IOptions<CollectorOptions>>().Value.UserAgent;
                if (!client.DefaultRequestHeaders.UserAgent.TryParseAdd(userAgent))
                {
                    client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
                }

                // The resilience handler's timeouts govern; the client's own 100 s would cut a slow retry sequence short.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            // Redirects are followed by SourceFetch, which refuses those that would carry a key to another host.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            // The factory's request logging writes URLs with their query, where a key may travel; the collector
            // logs what is safe instead.
            .RemoveAllLoggers()
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider provider) =>
            {
                var options = provider.GetRequiredService<IOptions<CollectorOptions>>().Value;
                resilience.Retry.MaxRetryAttempts = Math.Max(1, options.MaxRetryAttempts);
                resilience.Retry.Delay = options.RetryBaseDelay;
                resilience.Retry.BackoffType = Polly.DelayBackoffType.Exponential;
                resilience.Retry.UseJitter = true;
                resilience.Retry.ShouldRetryAfterHeader = true;
                resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = options.TotalRequestTimeout;

                // The handler requires a sampling window of at least two attempts.
                var sampling = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, options.AttemptTimeout.Ticks * 2));
                resilience.CircuitBreaker.SamplingDuration = sampling;
            })
            // One source's failing host must not open the circuit for the others.
            .SelectPipelineByAuthority();
        return services;
    }
}
