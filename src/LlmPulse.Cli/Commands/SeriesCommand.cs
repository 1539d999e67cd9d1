using System.CommandLine;
using LlmPulse.Metrics;
using LlmPulse.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Cli.Commands;

/// <summary><c>llmpulse series [--json]</c>: the stored series, by id.</summary>
internal static class SeriesCommand
{
    private static readonly ListingColumn<Series>[] Columns =
    [
        new("Id", s => s.Id),
        new("Category", s => s.Category.ToText()),
        new("Unit", s => s.Unit),
        new("Frequency", s => s.Frequency.ToText()),
        new("Source", s => s.Source),
        new("Name", s => s.Name),
    ];

    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var json = Listing.JsonOption();
        var command = new Command("series", "List the stored series: id, category, unit, frequency, source and name.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var series = (await services.GetRequiredService<MetricStore>().GetSeriesAsync(cancellationToken).ConfigureAwait(false))
                .OrderBy(s => s.Id, StringComparer.Ordinal)
                .ToArray();
            if (parse.GetValue(json))
            {
                await Listing.WriteJsonAsync(output, series).ConfigureAwait(false);
                return LlmPulseCommand.Ok;
            }

            if (series.Length == 0)
            {
                await output.WriteLineAsync("No series are stored yet: 'llmpulse import seeds' or 'llmpulse collect' adds them.").ConfigureAwait(false);
                return LlmPulseCommand.Ok;
            }

            await Listing.WriteAsync(output, services.GetService<CliTerminal>() ?? CliTerminal.FromConsole(), series, Columns).ConfigureAwait(false);
            return LlmPulseCommand.Ok;
        });
        return command;
    }
}
