using System.CommandLine;
using System.Globalization;
using LlmPulse.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Cli.Commands;

/// <summary><c>llmpulse runs [--limit N] [--source S]</c>: the latest collector runs, newest first.</summary>
internal static class RunsCommand
{
    private const int MaxErrorWidth = 80;

    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var limit = new Option<int>("--limit") { Description = "How many runs to show.", DefaultValueFactory = _ => 20 };
        var source = new Option<string?>("--source") { Description = "Only the runs of this source." };
        var command = new Command("runs", "Show the latest collector runs: source, start, status, periods asked, observations written and revised, error.") { limit, source };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(limit);
            if (count < 1)
            {
                throw new FormatException($"--limit {count} must be 1 or more.");
            }

            var runs = await services.GetRequiredService<RunStore>().ListAsync(count, parse.GetValue(source), cancellationToken).ConfigureAwait(false);
            if (runs.Count == 0)
            {
                await output.WriteLineAsync("No collector runs are recorded yet: 'llmpulse collect' runs them.").ConfigureAwait(false);
                return LlmPulseCommand.Ok;
            }

            var table = new TextTable("Started (UTC)", "Source", "Trigger", "Status", "Periods", "Written", "Revised", "Error").AlignRight(5, 6);
            foreach (var run in runs)
            {
                table.Add(
                    run.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    run.Source,
                    run.Trigger,
                    run.StatusText,
                    run.PeriodsAsked.Length == 0 ? "-" : run.PeriodsAsked,
                    run.Written.ToString("N0", CultureInfo.InvariantCulture),
                    run.Revised.ToString("N0", CultureInfo.InvariantCulture),
                    Cut(run.Error ?? ""));
            }

            await table.WriteAsync(output).ConfigureAwait(false);
            return LlmPulseCommand.Ok;
        });
        return command;
    }

    private static string Cut(string text) => text.Length <= MaxErrorWidth ? text : text[..(MaxErrorWidth - 1)] + "…";
}
