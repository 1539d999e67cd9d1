using LlmPulse.Briefings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LlmPulse.Rendering;

public static class RenderingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="BriefingRenderer"/> as the singleton <see cref="IBriefingRenderer"/> (PDF), unless an
    /// <see cref="IBriefingRenderer"/> is already registered.
    /// </summary>
    public static IServiceCollection AddBriefingRenderer(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IBriefingRenderer, BriefingRenderer>();
        return services;
    }
}
