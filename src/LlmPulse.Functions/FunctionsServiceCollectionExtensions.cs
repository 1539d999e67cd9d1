using LlmPulse.Rendering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Functions;

public static class FunctionsServiceCollectionExtensions
{
    /// <summary>
    /// Everything the functions need, in one place so Program.cs and the tests build the same services: the
    /// application services the CLI uses, the PDF renderer, and the startup check of the timer's app setting.
    /// </summary>
    public static IServiceCollection AddLlmPulseFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLlmPulse(configuration);
        services.AddBriefingRenderer();
        services.AddHostedService<BriefingScheduleCheck>();
        return services;
    }
}
