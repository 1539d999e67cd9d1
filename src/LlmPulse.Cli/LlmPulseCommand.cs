using System.CommandLine;
using LlmPulse.Briefings;
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
        root.Subcommands.Add(ImportCommand(services, output));
        root.Subcommands.Add(BriefingCommand(services, output));
        root.Subcommands.Add(BenchCommand(services, output));

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
        catch (Exception e) when (e is ImportException or NoDataException or FormatException or DirectoryNotFoundException)
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
            .AddFilter((category, level) => level >= LogLevel.Warning || (category?.StartsWith("LlmPulse", StringComparison.Ordinal) == true && level >= LogLevel.Warning)));
        services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        services.AddLlmPulse(configuration);
        services.AddBriefingRenderer();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    private static Command ImportCommand(IServiceProvider services, TextWriter output)
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "A folder holding series.csv and observations.csv." };
        var command = new Command("import", "Validate and import series.csv and observations.csv from a folder (idempotent; writes nothing if any row is bad).") { folder };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = parse.GetValue(folder)!;
            if (!directory.Exists)
            {
                throw new DirectoryNotFoundException($"folder '{directory.FullName}' does not exist.");
            }

            var result = await services.GetRequiredService<SeedImporter>().ImportAsync(directory.FullName, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(
                $"Imported {directory.Name}: {result.SeriesWritten} series written, {result.ObservationsAdded} observations added, {result.ObservationsUpdated} updated, {result.ObservationsUnchanged} unchanged.").ConfigureAwait(false);
            return Ok;
        });
        return command;
    }

    private static Command BriefingCommand(IServiceProvider services, TextWriter output)
    {
        var month = new Argument<string>("month") { Description = "The month to brief, YYYY-MM, or 'latest' for the latest month in the data." };
        var outFile = new Option<FileInfo?>("--out") { Description = "Also write the PDF to this file (or into this existing folder)." };
        var command = new Command("briefing", "Build the monthly briefing, store it in Blob Storage and optionally write it to a file.") { month, outFile };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var service = services.GetRequiredService<BriefingService>();
            var target = await ResolveMonthAsync(service, parse.GetValue(month)!, cancellationToken).ConfigureAwait(false);
            var result = await service.CreateAsync(target, cancellationToken).ConfigureAwait(false);
            var stored = result.Stored;
            var store = services.GetRequiredService<BriefingStore>();
            await output.WriteLineAsync($"Briefing {target}: {stored.Bytes:N0} bytes, sha256 {stored.Sha256}, data as of {stored.DataAsOf:yyyy-MM-dd}.").ConfigureAwait(false);
            await output.WriteLineAsync($"Stored blob: {store.Endpoint}/{stored.BlobName}").ConfigureAwait(false);
            if (parse.GetValue(outFile) is { } file)
            {
                var path = Directory.Exists(file.FullName) ? Path.Combine(file.FullName, $"llmpulse-{target}.pdf") : file.FullName;
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllBytesAsync(path, result.Content, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"Wrote file: {path}").ConfigureAwait(false);
            }

            return Ok;
        });
        return command;
    }

    private static Command BenchCommand(IServiceProvider services, TextWriter output)
    {
        var seeds = new Option<DirectoryInfo?>("--seeds") { Description = "Import this seed folder first (default: ./seeds when it exists)." };
        var month = new Option<string?>("--month") { Description = "Month to render (default: latest month in the data)." };
        var iterations = new Option<int>("--iterations") { Description = "Renders to time.", DefaultValueFactory = _ => 50 };
        var command = new Command("bench", "Render the briefing many times in one process and print median/max render time, PDF size and peak memory.") { seeds, month, iterations };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetValue(seeds) ?? new DirectoryInfo("seeds");
            if (folder.Exists)
            {
                await services.GetRequiredService<SeedImporter>().ImportAsync(folder.FullName, cancellationToken).ConfigureAwait(false);
            }

            var service = services.GetRequiredService<BriefingService>();
            var target = await ResolveMonthAsync(service, parse.GetValue(month) ?? "latest", cancellationToken).ConfigureAwait(false);
            var benchmark = new RenderBenchmark(service, services.GetRequiredService<Briefings.IBriefingRenderer>());
            var report = await benchmark.RunAsync(target, Math.Max(1, parse.GetValue(iterations)), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(report.ToString()).ConfigureAwait(false);
            return Ok;
        });
        return command;
    }

    private static async Task<BriefingMonth> ResolveMonthAsync(BriefingService service, string text, CancellationToken cancellationToken)
    {
        if (string.Equals(text, "latest", StringComparison.OrdinalIgnoreCase))
        {
            return await service.LatestMonthWithDataAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new FormatException("there is no data yet to find the latest month in: run 'llmpulse import seeds' first.");
        }

        return BriefingMonth.Parse(text);
    }
}
