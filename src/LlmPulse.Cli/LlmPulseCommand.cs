using System.CommandLine;
using LlmPulse.Briefings;
using LlmPulse.Cli.Commands;
using LlmPulse.Collectors;
using LlmPulse.Import;
using LlmPulse.Rendering;
using LlmPulse.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Cli;

/// <summary>
/// The <c>llmpulse</c> command line: a thin door onto the same services the Functions app uses.
/// </summary>
public static class LlmPulseCommand
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int StorageUnavailable = 3;

    /// <summary>Runs one command. <paramref name="configure"/> lets tests point the services at their own storage.</summary>
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken,
        Action<IServiceCollection>? configure = null)
    {
        using var services = BuildServices(configure);
        var root = new RootCommand("LlmPulse: monthly briefings on the large-language-model market.");
        root.Subcommands.Add(ImportCommand.Create(services, output));
        root.Subcommands.Add(BriefingCommand.Create(services, output));
        root.Subcommands.Add(BenchCommand.Create(services, output));
        root.Subcommands.Add(MonthlyCommand.Create(services, output));
        root.Subcommands.Add(StatusCommand.Create(services, output));
        root.Subcommands.Add(DeliveriesCommand.CreateSend(services, output));
        root.Subcommands.Add(DeliveriesCommand.Create(services, output));
        root.Subcommands.Add(CollectCommand.Create(services, output));
        root.Subcommands.Add(RunsCommand.Create(services, output));
        root.Subcommands.Add(SeriesCommand.Create(services, output));
        root.Subcommands.Add(ObservationsCommand.Create(services, output));
        root.Subcommands.Add(BenchIngestCommand.Create(services, output));
        root.Subcommands.Add(BenchDailyCommand.Create(services, output));

        var parse = root.Parse(args);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageUnavailableException e)
        {
            await error.WriteLineAsync(
                $"llmpulse: storage is unreachable at {e.Endpoint.GetLeftPart(UriPartial.Authority)}. Start Azurite (./run.sh starts one for you, or: npx azurite --skipApiVersionCheck --disableTelemetry) or set Storage__ConnectionString.").ConfigureAwait(false);
            return StorageUnavailable;
        }
        catch (Exception e) when (e is ImportException or NoDataException or MonthNotFinishedException or FormatException or DirectoryNotFoundException or SourceNotFoundException)
        {
            await error.WriteLineAsync("llmpulse: " + e.Message).ConfigureAwait(false);
            return BadInput;
        }
    }

    private static ServiceProvider BuildServices(Action<IServiceCollection>? configure)
    {
        // Settings come from environment variables (Storage__ConnectionString, or AzureWebJobsStorage as the
        // Functions app reads it) and an optional appsettings.json beside the tool.
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddSimpleConsole(o => o.SingleLine = true)

            // The commands print their own results; the log only adds warnings and errors, on stderr.
            .SetMinimumLevel(LogLevel.Warning));
        services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        services.AddLlmPulse(configuration);
        services.AddBriefingRenderer();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
