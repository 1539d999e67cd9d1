using System.CommandLine;
using System.Globalization;
using LlmPulse.Import;
using LlmPulse.Metrics;
using LlmPulse.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Cli.Commands;

/// <summary>
/// <c>llmpulse observations &lt;series&gt; [--from D] [--to D]</c>: the stored observations as CSV, with the header of
/// <c>seeds/observations.csv</c>, oldest first, so the output can go back in through <c>llmpulse import</c>.
/// </summary>
internal static class ObservationsCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var series = new Argument<string>("series") { Description = "A series id, such as traffic.chatgpt.visits.world ('llmpulse series' lists them)." };
        var from = new Option<string?>("--from") { Description = "Only periods that end on or after this day (YYYY-MM-DD, YYYY-MM or YYYY)." };
        var to = new Option<string?>("--to") { Description = "Only periods that end on or before this day." };
        var command = new Command("observations", "Print a series' stored observations as CSV (series,period,measure,value,approximate,reported_by,note).") { series, from, to };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = parse.GetValue(series)!;
            var (start, end) = DayRange.Parse(parse.GetValue(from), parse.GetValue(to));
            var store = services.GetRequiredService<MetricStore>();
            var known = await store.GetSeriesAsync(cancellationToken).ConfigureAwait(false);
            if (!known.Any(s => s.Id == id))
            {
                throw new FormatException($"no series '{id}' is stored; 'llmpulse series' lists them.");
            }

            var observations = await store.GetObservationsAsync(id, start, end, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(string.Join(',', SeedFiles.ObservationColumns)).ConfigureAwait(false);
            foreach (var o in observations)
            {
                await output.WriteLineAsync(string.Join(',',
                    CsvReader.Escape(o.SeriesId),
                    o.Period.ToString(),
                    o.Measure.ToText(),
                    o.Value.ToString(CultureInfo.InvariantCulture),
                    o.Approximate ? "true" : "false",
                    CsvReader.Escape(o.ReportedBy),
                    CsvReader.Escape(o.Note))).ConfigureAwait(false);
            }

            return LlmPulseCommand.Ok;
        });
        return command;
    }
}
