using System.CommandLine;
using LlmPulse.Metrics;
using System.Globalization;
using LlmPulse.Collectors;
using LlmPulse.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

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
            var collector = services.GetRequiredService<CollectorService>();
            var report = terminal.Plain
                ? await collector.CollectAsync(request, new CollectProgressView(output), cancellationToken).ConfigureAwait(false)
                : await terminal.Console(output).Progress()
                    .AutoClear(false)
                    .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn())
                    .StartAsync(context => collector.CollectAsync(request, new CollectLiveView(context), cancellationToken)).ConfigureAwait(false);
            if (report.Runs.Count == 0)
            {
                await output.WriteLineAsync("No source to collect: none is configured for this group (see the Sources configuration).").ConfigureAwait(false);
                return LlmPulseCommand.Ok;
            }

            await output.WriteLineAsync().ConfigureAwait(false);
            IReadOnlyList<SummaryRow> rows =
            [
                .. report.Runs.Select(run => new SummaryRow(run.Source, run.StatusText, run.PeriodsAsked.Length == 0 ? "-" : run.PeriodsAsked, Number(run.Written), Number(run.Revised), string.Create(CultureInfo.InvariantCulture, $"{run.SeriesFailed}/{run.Series}"))),
                new SummaryRow("Total", report.Failed == 0 ? "" : $"{report.Failed} of {report.Runs.Count} sources failed", "", Number(report.Written), Number(report.Revised), Number(report.Runs.Sum(r => r.SeriesFailed))),
            ];
            await Listing.WriteAsync(output, terminal, rows, SummaryColumns).ConfigureAwait(false);
            foreach (var run in report.Runs.Where(r => r.Error is not null))
            {
                await output.WriteLineAsync($"{run.Source}: {run.Error}").ConfigureAwait(false);
            }

            return report.Failed == 0 ? LlmPulseCommand.Ok : LlmPulseCommand.Failed;
        });
        return command;
    }

    private static readonly ListingColumn<SummaryRow>[] SummaryColumns =
    [
        new("Source", r => r.Source),
        new("Status", r => r.Status),
        new("Periods", r => r.Periods),
        new("Written", r => r.Written, Numeric: true),
        new("Revised", r => r.Revised, Numeric: true),
        new("Failed", r => r.Failed, Numeric: true),
    ];

    /// <summary>One line of the summary after a collection: a source's run, or the total.</summary>
    private sealed record SummaryRow(string Source, string Status, string Periods, string Written, string Revised, string Failed);

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
