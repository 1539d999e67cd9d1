using System.CommandLine;
using System.Globalization;
using LlmPulse.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Cli.Commands;

/// <summary><c>llmpulse runs [--limit N] [--source S] [--json]</c>: the latest collector runs, newest first.</summary>
internal static class RunsCommand
{
    private const int MaxErrorWidth = 80;

    private static readonly ListingColumn<RunRecord>[] Columns =
    [
        new("Started (UTC)", r => r.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
        new("Source", r => r.Source),
        new("Trigger", r => r.Trigger),
        new("Status", r => r.StatusText),
        new("Periods", r => r.PeriodsAsked.Length == 0 ? "-" : r.PeriodsAsked),
        new("Written", r => r.Written.ToString("N0", CultureInfo.InvariantCulture), Numeric: true),
        new("Revised", r => r.Revised.ToString("N0", CultureInfo.InvariantCulture), Numeric: true),
        new("Error", r => Cut(r.Error ?? "")),
    ];

    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var limit = new Option<int>("--limit") { Description = "How many runs to show.", DefaultValueFactory = _ => 20 };
        var source = new Option<string?>("--source") { Description = "Only the runs of this source." };
        var json = Listing.JsonOption();
        var command = new Command("runs", "Show the latest collector runs: source, start, status, periods asked, observations written and revised, error.") { limit, source, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(limit);
            if (count < 1)
            {
                throw new FormatException($"--limit {count} must be 1 or more.");
            }

            var runs = await services.GetRequiredService<RunStore>().ListAsync(count, parse.GetValue(source), cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await Listing.WriteJsonAsync(output, runs).ConfigureAwait(false);
                return LlmPulseCommand.Ok;
            }

            if (runs.Count == 0)
            {
                await output.WriteLineAsync("No collector runs are recorded yet: 'llmpulse collect' runs them.").ConfigureAwait(false);
                return LlmPulseCommand.Ok;
            }

            await Listing.WriteAsync(output, services.GetService<CliTerminal>() ?? CliTerminal.FromConsole(), runs, Columns).ConfigureAwait(false);
            return LlmPulseCommand.Ok;
        });
        return command;
    }

    private static string Cut(string text) => text.Length <= MaxErrorWidth ? text : text[..(MaxErrorWidth - 1)] + "…";
}
