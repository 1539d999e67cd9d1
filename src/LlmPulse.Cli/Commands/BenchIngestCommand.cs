using System.CommandLine;
using LlmPulse.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Cli.Commands;

/// <summary><c>llmpulse bench-ingest [--observations N] [--series S] [--repeat R]</c>.</summary>
internal static class BenchIngestCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var observations = new Option<int>("--observations") { Description = "Observations to ingest per run of each path.", DefaultValueFactory = _ => 100_000 };
        var series = new Option<int>("--series") { Description = "Series to spread them over.", DefaultValueFactory = _ => 200 };
        var repeat = new Option<int>("--repeat") { Description = "Runs of each path; the rates are medians.", DefaultValueFactory = _ => 1 };
        var command = new Command("bench-ingest", "Time ingestion through the collector's write path against raw Azure.Data.Tables batches of the same entities; print both rates and their ratio.") { observations, series, repeat };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(observations);
            var seriesCount = parse.GetValue(series);
            var repeats = parse.GetValue(repeat);
            if (count < 1 || seriesCount < 1 || seriesCount > count || repeats < 1)
            {
                throw new FormatException("--observations, --series and --repeat must be 1 or more, with no more series than observations.");
            }

            var benchmark = new IngestBenchmark(services.GetRequiredService<StorageClients>(), services.GetRequiredService<TimeProvider>());
            var report = await benchmark.RunAsync(count, seriesCount, repeats, output, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(report.ToString()).ConfigureAwait(false);
            return LlmPulseCommand.Ok;
        });
        return command;
    }
}
