using LlmPulse.Delivery.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmPulse.Delivery.Tests;

public sealed class DeliveryChannelRegistrationTests
{
    [Fact]
    public async Task The_delivery_section_is_bound_and_both_channels_are_registered_once()
    {
        await using var host = new ChannelHost(new Dictionary<string, string?>
        {
            ["Delivery:Subscribers:0:Name"] = "editor",
            ["Delivery:Subscribers:0:Channel"] = "email",
            ["Delivery:Subscribers:0:Email"] = "editor@example.test",
            ["Delivery:Subscribers:1:Name"] = "team-chat",
            ["Delivery:Subscribers:1:Channel"] = "webhook",
            ["Delivery:Subscribers:1:Edition"] = "ar",
            ["Delivery:Subscribers:1:WebhookUrl"] = "https://chat.example.test/hooks/abc",
            ["Delivery:Subscribers:1:WebhookSecret"] = "s3cret",
            ["Delivery:Smtp:Host"] = "smtp.example.test",
            ["Delivery:Smtp:Port"] = "465",
            ["Delivery:Smtp:TlsMode"] = "SslOnConnect",
            ["Delivery:Smtp:User"] = "briefings",
            ["Delivery:Smtp:Password"] = "pw",
            ["Delivery:Smtp:Timeout"] = "00:00:45",
            ["Delivery:MaxAttachmentBytes"] = "1048576",
            ["Delivery:LinkExpiry"] = "3.00:00:00",
            ["Delivery:MaxAttempts"] = "7",
        });

        var options = host.Services.GetRequiredService<IOptions<DeliveryOptions>>().Value;
        Assert.Equal(["editor", "team-chat"], options.Subscribers.Select(s => s.Name));
        Assert.Equal("en", options.Subscribers[0].Edition);
        Assert.Equal("ar", options.Subscribers[1].Edition);
        Assert.Equal(new Uri("https://chat.example.test/hooks/abc"), options.Subscribers[1].WebhookUrl);
        Assert.Equal("s3cret", options.Subscribers[1].WebhookSecret);
        Assert.Equal(("smtp.example.test", 465, "SslOnConnect", "briefings", "pw"), (options.Smtp.Host, options.Smtp.Port, options.Smtp.TlsMode, options.Smtp.User, options.Smtp.Password));
        Assert.Equal(TimeSpan.FromSeconds(45), options.Smtp.Timeout);
        Assert.Equal(1048576, options.MaxAttachmentBytes);
        Assert.Equal(TimeSpan.FromDays(3), options.LinkExpiry);
        Assert.Equal(7, options.MaxAttempts);

        Assert.Equal(["email", "webhook"], host.Services.GetServices<IDeliveryChannel>().Select(c => c.Name).Order());
        Assert.Same(host.Email, host.Email);
    }

    [Fact]
    public void Registering_twice_keeps_one_of_each_channel_and_binds_the_subscribers_once()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Delivery:Subscribers:0:Name"] = "editor",
                ["Delivery:Subscribers:0:Channel"] = "email",
                ["Delivery:Subscribers:0:Email"] = "editor@example.test",
            })
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddDeliveryChannels(configuration);
        services.AddDeliveryChannels(configuration);

        using var provider = services.BuildServiceProvider();
        Assert.Equal(2, provider.GetServices<IDeliveryChannel>().Count());
        Assert.Single(provider.GetRequiredService<IOptions<DeliveryOptions>>().Value.Subscribers);
    }
}
