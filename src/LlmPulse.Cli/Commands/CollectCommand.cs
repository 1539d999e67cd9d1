using System.CommandLine;
using LlmPulse.Metrics;
using System.Globalization;
using LlmPulse.Collectors;
using LlmPulse.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Cli.Commands;

/// <summary><c>llmpulse collect [source] [--from D] [--to D] [--group G]</c>.</summary>
internal static class CollectCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var source = new Argument<string?>("source") { Description = "A source id from the Sources configuration; all enabled sources when left out.", Arity = ArgumentArity.ZeroOrOne };
        var from = new Option<string?>("--from") { Description = "First day to ask for (YYYY-MM-DD, YYYY-MM or YYYY); default: each series' latest stored period, less an overlap." };
        var to = new Option<string?>("--to") { Description = "Last day to ask for; default: today." };
        var group = new Option<string?>("--group") { Description = "Only the sources of one timer: traffic, indexes or investment." };
        var command = new Command("collect", "Run the collectors now, for one source or all, and record each run; a backfill with --from/--to.") { source, from, to, group };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (start, end) = DayRange.Parse(parse.GetValue(from), parse.GetValue(to));
            CollectorGroup? onlyGroup = null;
            if (parse.GetValue(group) is { } groupText)
            {
                onlyGroup = CollectorGroups.TryParse(groupText, out var parsed) ? parsed : throw new FormatException($"--group '{groupText}' is not traffic, indexes or investment.");
            }

            var request = new CollectionRequest { Source = parse.GetValue(source), Group = onlyGroup, From = start, To = end, Trigger = "cli" };
            var terminal = services.GetService<CliTerminal>() ?? CliTerminal.FromConsole();
            var view = new CollectProgressView(output, terminal.Interactive);
            var report = await services.GetRequiredService<CollectorService>().CollectAsync(request, view, cancellationToken).ConfigureAwait(false);
            if (report.Runs.Count == 0)
            {
                await output.WriteLineAsync("No source to collect: none is configured for this group (see the Sources configuration).").ConfigureAwait(false);
                return LlmPulseCommand.Ok;
            }

            await output.WriteLineAsync().ConfigureAwait(false);
            var table = new TextTable("Source", "Status", "Periods", "Written", "Revised", "Failed").AlignRight(3, 4, 5);
            foreach (var run in report.Runs)
            {
                table.Add(run.Source, run.StatusText, run.PeriodsAsked.Length == 0 ? "-" : run.PeriodsAsked, Number(run.Written), Number(run.Revised), string.Create(CultureInfo.InvariantCulture, $"{run.SeriesFailed}/{run.Series}"));
            }

            table.Add("Total", report.Failed == 0 ? "" : $"{report.Failed} of {report.Runs.Count} sources failed", "", Number(report.Written), Number(report.Revised), Number(report.Runs.Sum(r => r.SeriesFailed)));
            await table.WriteAsync(output).ConfigureAwait(false);
            foreach (var run in report.Runs.Where(r => r.Error is not null))
            {
                await output.WriteLineAsync($"{run.Source}: {run.Error}").ConfigureAwait(false);
            }

            return report.Failed == 0 ? LlmPulseCommand.Ok : LlmPulseCommand.Failed;
        });
        return command;
    }

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
