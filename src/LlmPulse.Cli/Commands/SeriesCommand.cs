using System.CommandLine;
using LlmPulse.Metrics;
using LlmPulse.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Cli.Commands;

/// <summary><c>llmpulse series</c>: the stored series, by id.</summary>
internal static class SeriesCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var command = new Command("series", "List the stored series: id, category, unit, frequency, source and name.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var series = await services.GetRequiredService<MetricStore>().GetSeriesAsync(cancellationToken).ConfigureAwait(false);
            if (series.Count == 0)
            {
                await output.WriteLineAsync("No series are stored yet: 'llmpulse import seeds' or 'llmpulse collect' adds them.").ConfigureAwait(false);
                return LlmPulseCommand.Ok;
            }

            var table = new TextTable("Id", "Category", "Unit", "Frequency", "Source", "Name");
            foreach (var s in series.OrderBy(s => s.Id, StringComparer.Ordinal))
            {
                table.Add(s.Id, s.Category.ToText(), s.Unit, s.Frequency.ToText(), s.Source, s.Name);
            }

            await table.WriteAsync(output).ConfigureAwait(false);
            return LlmPulseCommand.Ok;
        });
        return command;
    }
}
