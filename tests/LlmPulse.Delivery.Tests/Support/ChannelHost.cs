using LlmPulse.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace LlmPulse.Delivery.Tests.Support;

/// <summary>
/// The channels as the app registers them (<see cref="DeliveryChannelRegistration.AddDeliveryChannels"/>) from
/// in-memory configuration, with every log line captured and the webhook retries kept to a few milliseconds.
/// </summary>
internal sealed class ChannelHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public ChannelHost(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddDeliveryChannels(configuration);
        services.Configure<HttpStandardResilienceOptions>(DeliveryChannelRegistration.WebhookResilienceOptionsName, options =>
        {
            options.Retry.Delay = TimeSpan.FromMilliseconds(10);
            options.Retry.BackoffType = DelayBackoffType.Constant;
            options.Retry.UseJitter = false;
        });
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public LogCapture Logs { get; } = new();

    public IServiceProvider Services => _services;

    public IDeliveryChannel Email => Channel(EmailChannel.ChannelName);

    public IDeliveryChannel Webhook => Channel(WebhookChannel.ChannelName);

    public static ChannelHost ForSmtp(int port, Action<Dictionary<string, string?>>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Delivery:Smtp:Host"] = "127.0.0.1",
            ["Delivery:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Delivery:Smtp:TlsMode"] = "None",
            ["Delivery:Smtp:From"] = "LlmPulse <briefings@llmpulse.test>",
            ["Delivery:Smtp:Timeout"] = "00:00:10",
        };
        more?.Invoke(settings);
        return new ChannelHost(settings);
    }

    /// <summary>Webhook channels in Development, where the loopback receiver's http:// URL is allowed.</summary>
    public static ChannelHost ForWebhooks(string environment = "Development") => new(new Dictionary<string, string?> { ["DOTNET_ENVIRONMENT"] = environment });

    public IDeliveryChannel Channel(string name) => _services.GetServices<IDeliveryChannel>().Single(c => c.Name == name);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
