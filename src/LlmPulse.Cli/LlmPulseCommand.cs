using System.CommandLine;
using LlmPulse.Briefings;
using LlmPulse.Cli.Commands;
using LlmPulse.Collectors;
using LlmPulse.Import;
using LlmPulse.Rendering;
using LlmPulse.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

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
        // No arguments or a bare --help: the one-screen tour with examples ('<command> --help' stays per command).
        if (args is [] or ["--help"] or ["-h"] or ["-?"] or ["help"])
        {
            await HelpTour.WriteAsync(output).ConfigureAwait(false);
            return Ok;
        }

        using var services = BuildServices(PartsFor(args), configure);
        StartupTrace.Mark("services built");

        // Settings are checked before any command runs: each problem on its own line, and nothing is done.
        var problems = ConfigurationProblems.Check(services);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await error.WriteLineAsync("llmpulse: configuration: " + problem).ConfigureAwait(false);
            }

            return BadInput;
        }

        StartupTrace.Mark("configuration checked");
        var root = BuildRoot(services, output);
        StartupTrace.Mark("commands built");
        var parse = root.Parse(args);
        StartupTrace.Mark("parsed");

        // A command line that does not parse (unknown option, missing or extra argument, a number that is not
        // one or is negative) is one line and exit 2, never the parser's help dump on stdout with exit 1.
        if (parse.Errors.Count > 0)
        {
            var name = parse.CommandResult.Command is RootCommand ? "" : parse.CommandResult.Command.Name + ": ";
            var help = parse.CommandResult.Command is RootCommand ? "llmpulse --help" : $"llmpulse {parse.CommandResult.Command.Name} --help";
            var messages = string.Join(" ", parse.Errors.Select(e => Clearer(e.Message, parse)).Distinct(StringComparer.Ordinal));
            await WriteErrorAsync(services, error, $"{name}{messages} See '{help}'.").ConfigureAwait(false);
            return BadInput;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageUnavailableException e)
        {
            await WriteErrorAsync(
                services,
                error,
                $"storage is unreachable at {e.Endpoint.GetLeftPart(UriPartial.Authority)}. Start Azurite (./run.sh starts one for you, or: npx azurite --skipApiVersionCheck --disableTelemetry) or set Storage__ConnectionString.").ConfigureAwait(false);
            return StorageUnavailable;
        }
        catch (Exception e) when (e is ImportException or NoDataException or MonthNotFinishedException or FormatException or DirectoryNotFoundException or SourceNotFoundException or SeriesNotFoundException)
        {
            await WriteErrorAsync(services, error, e.Message).ConfigureAwait(false);
            return BadInput;
        }
    }

    /// <summary>
    /// One line, "llmpulse: what went wrong": plain when redirected or NO_COLOR is set (scripts match on it), with a
    /// red prefix through Spectre.Console in a terminal.
    /// </summary>
    private static async Task WriteErrorAsync(IServiceProvider services, TextWriter error, string message)
    {
        var terminal = services.GetService<CliTerminal>() ?? CliTerminal.FromConsole();
        if (terminal.Plain)
        {
            await error.WriteLineAsync("llmpulse: " + message).ConfigureAwait(false);
            return;
        }

        terminal.Console(error).MarkupLine($"[red bold]llmpulse:[/] {Markup.Escape(message)}");
    }

    /// <summary>Every command of the tool, as <see cref="RunAsync"/> parses them (the help tour is checked against it).</summary>
    internal static RootCommand BuildRoot(IServiceProvider services, TextWriter output)
    {
        var root = new RootCommand("LlmPulse: monthly briefings on the large-language-model market.");
        root.Subcommands.Add(ImportCommand.Create(services, output));
        root.Subcommands.Add(BriefingCommand.Create(services, output));
        root.Subcommands.Add(OpenCommand.Create(services, output));
        root.Subcommands.Add(BenchCommand.Create(services, output));
        root.Subcommands.Add(MonthlyCommand.Create(services, output));
        root.Subcommands.Add(StatusCommand.Create(services, output));
        root.Subcommands.Add(DeliveriesCommand.CreateSend(services, output));
        root.Subcommands.Add(DeliveriesCommand.Create(services, output));
        root.Subcommands.Add(CollectCommand.Create(services, output));
        root.Subcommands.Add(RunsCommand.Create(services, output));
        root.Subcommands.Add(SeriesCommand.Create(services, output));
        root.Subcommands.Add(ObservationsCommand.Create(services, output));
        root.Subcommands.Add(RollupsCommand.Create(services, output));
        root.Subcommands.Add(BenchIngestCommand.Create(services, output));
        root.Subcommands.Add(BenchScaleCommand.Create(services, output));
        root.Subcommands.Add(BenchDailyCommand.Create(services, output));
        foreach (var command in root.Subcommands)
        {
            RefuseNegativeNumbers(command);
        }

        return root;
    }

    /// <summary>The parser's words, said the way the rest of the tool says them: which argument is missing, what a number is.</summary>
    private static string Clearer(string message, ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        if (message.StartsWith("Required argument missing for command", StringComparison.Ordinal))
        {
            var missing = command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0 && parse.GetResult(a) is not { Tokens.Count: > 0 }).Select(a => $"<{a.Name}>");
            return $"missing {string.Join(" and ", missing)}.";
        }

        return message.ReplaceLineEndings(" ").Trim()
            .Replace("as expected type 'System.Int32'", "as a whole number", StringComparison.Ordinal)
            .Replace("as expected type 'System.Int64'", "as a whole number", StringComparison.Ordinal);
    }

    /// <summary>
    /// No number any command takes means anything below zero (counts, sizes, repetitions), so every whole-number
    /// option refuses a negative value while parsing, before any work starts.
    /// </summary>
    private static void RefuseNegativeNumbers(Command command)
    {
        foreach (var option in command.Options.Where(o => o.ValueType == typeof(int) || o.ValueType == typeof(int[]) || o.ValueType == typeof(long)))
        {
            option.Validators.Add(result =>
            {
                foreach (var token in result.Tokens)
                {
                    if (long.TryParse(token.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value) && value < 0)
                    {
                        result.AddError($"{option.Name} takes a whole number of 0 or more; got {token.Value}.");
                    }
                }
            });
        }
    }

    /// <summary>
    /// The commands that neither deliver nor collect. They register (and so check and load) neither the collectors
    /// nor the delivery channels: a cold <c>llmpulse briefing</c> no longer reads and checks <c>sources.json</c> nor
    /// loads Polly and the HTTP resilience handlers. The storage, briefing and delivery settings are checked for every
    /// command (<see cref="ServiceCollectionExtensions.AddLlmPulse(IServiceCollection, IConfiguration, LlmPulseParts)"/>).
    /// </summary>
    private static readonly string[] CoreOnlyCommands =
        ["import", "briefing", "open", "series", "observations", "rollups", "bench", "bench-ingest", "bench-scale", "bench-daily"];

    /// <summary>What the command named first on the line needs; everything when it is not one of <see cref="CoreOnlyCommands"/>.</summary>
    internal static LlmPulseParts PartsFor(string[] args) =>
        args.Length > 0 && Array.IndexOf(CoreOnlyCommands, args[0]) >= 0 ? LlmPulseParts.Core : LlmPulseParts.All;

    private static ServiceProvider BuildServices(LlmPulseParts parts, Action<IServiceCollection>? configure)
    {
        // Settings come from environment variables (Storage__ConnectionString, or AzureWebJobsStorage as the
        // Functions app reads it) and an optional appsettings.json beside the tool.
        // The file provider and JSON configuration (four assemblies) are loaded only when there is a file to read:
        // without one, a cold run pays for nothing it does not use.
        var builder = new ConfigurationBuilder();
        var settingsFile = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (File.Exists(settingsFile))
        {
            builder.SetBasePath(AppContext.BaseDirectory).AddJsonFile("appsettings.json", optional: true);
        }

        var configuration = builder.AddEnvironmentVariables().Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddSimpleConsole(o => o.SingleLine = true)

            // The commands print their own results; the log only adds warnings and errors, on stderr.
            .SetMinimumLevel(LogLevel.Warning));
        services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        services.AddLlmPulse(configuration, parts);
        services.AddBriefingRenderer();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
