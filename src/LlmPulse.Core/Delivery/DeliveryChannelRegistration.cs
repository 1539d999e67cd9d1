using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace LlmPulse.Delivery;

public static class DeliveryChannelRegistration
{
    /// <summary>The named <see cref="HttpClient"/> the webhook channel posts with.</summary>
    public const string WebhookHttpClientName = "LlmPulse.Webhook";

    /// <summary>
    /// The name of the <see cref="HttpStandardResilienceOptions"/> of that client's standard resilience handler
    /// (the library names them after the client). Configure it to change retries, for example in tests:
    /// <c>services.Configure&lt;HttpStandardResilienceOptions&gt;(WebhookResilienceOptionsName, o =&gt; o.Retry.Delay = …)</c>.
    /// </summary>
    public const string WebhookResilienceOptionsName = WebhookHttpClientName + "-standard";

    /// <summary>
    /// Binds <see cref="DeliveryOptions"/> from the <c>Delivery</c> section and checks them at start, without the
    /// channels: what a process that does not deliver still refuses to start with. Calling it again changes nothing.
    /// </summary>
    public static IServiceCollection AddDeliverySettings(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // Binding twice would list every subscriber twice (the binder appends to lists).
        if (services.Any(d => d.ServiceType == typeof(SettingsRegistered)))
        {
            return services;
        }

        services.AddSingleton<SettingsRegistered>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(WebhookUrlPolicy.From(configuration));
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>());
        return services;
    }

    /// <summary>
    /// Binds <see cref="DeliveryOptions"/> from the <c>Delivery</c> section (<see cref="AddDeliverySettings"/>) and registers the email and webhook
    /// channels as <see cref="IDeliveryChannel"/> singletons, the webhook one with a named client that retries
    /// transient failures (5xx, 408, 429, connection errors, timeouts) with the standard resilience handler:
    /// 3 retries with exponential backoff from 2 s, 10 s per attempt, 30 s in all, a circuit breaker per host.
    /// Calling it again changes nothing.
    /// </summary>
    public static IServiceCollection AddDeliveryChannels(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        if (services.Any(d => d.ServiceType == typeof(Registered)))
        {
            return services;
        }

        services.AddSingleton<Registered>();
        services.AddDeliverySettings(configuration);

        services.AddHttpClient(WebhookHttpClientName)
            // A redirect would turn the POST into a GET or send the signed body elsewhere: it is an answer, not a hop.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            // The factory's own request logging would write the URL's path, which may hold a token; the channel
            // logs what is safe instead.
            .RemoveAllLoggers()
            .AddStandardResilienceHandler()
            // One subscriber's failing endpoint must not open the circuit for the others.
            .SelectPipelineByAuthority();

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeliveryChannel, EmailChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeliveryChannel, WebhookChannel>());
        return services;
    }

    private sealed class Registered;

    private sealed class SettingsRegistered;
}
