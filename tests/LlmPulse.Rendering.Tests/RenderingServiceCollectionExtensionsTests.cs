using LlmPulse.Briefings;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Rendering.Tests;

public sealed class RenderingServiceCollectionExtensionsTests
{
    [Fact]
    public void Registers_the_pdf_renderer_as_a_singleton()
    {
        var services = new ServiceCollection();

        services.AddBriefingRenderer();

        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(IBriefingRenderer));
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
        Assert.Equal(typeof(BriefingRenderer), descriptor.ImplementationType);
    }

    [Fact]
    public void Keeps_a_renderer_registered_before()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IBriefingRenderer, StubRenderer>();

        services.AddBriefingRenderer();

        Assert.Equal(typeof(StubRenderer), Assert.Single(services, d => d.ServiceType == typeof(IBriefingRenderer)).ImplementationType);
    }

    private sealed class StubRenderer : IBriefingRenderer
    {
        public string ContentType => "text/plain";

        public byte[] Render(Briefing briefing) => [];

        public byte[] RenderCoverImage(Briefing briefing) => [];
    }
}
