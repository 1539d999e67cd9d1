using LlmPulse.Rendering;
using Microsoft.ApplicationInsights.WorkerService;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.ApplicationInsights;
using Microsoft.Extensions.Options;

namespace LlmPulse.Functions;

public static class FunctionsServiceCollectionExtensions
{
    /// <summary>The app's own log categories (namespaces): kept at Information, so every run leaves its record.</summary>
    public const string AppLogCategory = "LlmPulse";

    /// <summary>
    /// Everything the functions need, in one place so Program.cs and the tests build the same services: the
    /// application services the CLI uses, the PDF renderer, and the startup check of the timer's app setting.
    /// </summary>
    public static IServiceCollection AddLlmPulseFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLlmPulse(configuration);
        services.AddBriefingRenderer();
        services.AddHostedService<BriefingScheduleCheck>();
        services.AddHostedService<CollectorKeyCheck>();
        services.AddOptions<TimerSchedules>().Configure(schedules => TimerSchedules.Read(schedules, configuration)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TimerSchedules>, TimerSchedulesValidator>();
        return services;
    }

    /// <summary>
    /// The worker's logs straight to Application Insights, with their scopes (the run ids) as custom dimensions:
    /// <list type="bullet">
    /// <item>the Application Insights SDK for worker services and the Functions worker's integration, which tells the
    /// host that the worker sends its own logs (the host then stops forwarding them, so host.json's logLevel no
    /// longer filters them: the levels below do);</item>
    /// <item>the SDK's default rule that sends only Warning and above to Application Insights removed, so the
    /// app's Information lines (stored briefing, monthly run summary) arrive;</item>
    /// <item>levels: the app's categories at Information, everything else (ASP.NET Core, the worker, the SDKs) at
    /// Warning;</item>
    /// <item>no adaptive sampling in the worker: the app writes a few dozen lines a month, and a run's trail with
    /// lines sampled away would defeat its run id. The host's sampling (host.json) keeps requests and exceptions.</item>
    /// </list>
    /// Without <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> (local runs, tests) the SDK sends nothing and nothing
    /// fails. With <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (<c>ClientId=…;Authorization=AAD</c>) the
    /// worker's integration authenticates with that managed identity, as the resource without local auth requires.
    /// </summary>
    public static IServiceCollection AddLlmPulseTelemetry(this IServiceCollection services)
    {
        services.AddApplicationInsightsTelemetryWorkerService();
        services.ConfigureFunctionsApplicationInsights();
        services.Configure<ApplicationInsightsServiceOptions>(options => options.EnableAdaptiveSampling = false);
        services.Configure<ApplicationInsightsLoggerOptions>(options => options.IncludeScopes = true);

        services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter(AppLogCategory, LogLevel.Information)
            // "Application started", "Hosting environment": one line each per instance start.
            .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information));

        // Registered after the SDK's own rule (AddApplicationInsightsTelemetryWorkerService adds it), so it runs later.
        services.Configure<LoggerFilterOptions>(options =>
        {
            var warningOnly = options.Rules.FirstOrDefault(rule => rule.ProviderName == typeof(ApplicationInsightsLoggerProvider).FullName);
            if (warningOnly is not null)
            {
                options.Rules.Remove(warningOnly);
            }
        });

        return services;
    }
}
