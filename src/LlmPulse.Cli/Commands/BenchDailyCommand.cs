using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LlmPulse.Briefings;
using LlmPulse.Collectors;
using LlmPulse.Import;
using LlmPulse.Metrics;
using LlmPulse.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LlmPulse.Cli.Commands;

/// <summary>
/// <c>llmpulse bench-daily [--series 50 --series 500] [--years 3] [--repeat R]</c>: the seed month's briefing with the
/// seeds plus that many generated daily series stored on the configured storage (fresh tables, deleted afterwards),
/// through the whole service: time to load and build the model, time to render, pages, PDF size and memory.
/// </summary>
internal static partial class BenchDailyCommand
{
    private static readonly BriefingMonth Month = BriefingMonth.Parse("2023-09");

    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var series = new Option<int[]>("--series") { Description = "Generated daily series added to the seeds, one run each.", DefaultValueFactory = _ => [50, 500], AllowMultipleArgumentsPerToken = true };
        var years = new Option<int>("--years") { Description = "Years of days per generated series, up to September 2023.", DefaultValueFactory = _ => 3 };
        var repeat = new Option<int>("--repeat") { Description = "Builds and renders per run; times are medians.", DefaultValueFactory = _ => 3 };
        var seeds = new Option<DirectoryInfo?>("--seeds") { Description = "Seed folder (default: ./seeds)." };
        var command = new Command("bench-daily", "Build and render the seed month with the seeds plus generated daily series; print load+build and render times, pages, PDF size and peak memory.") { series, years, repeat, seeds };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = (parse.GetValue(seeds) ?? new DirectoryInfo("seeds")).FullName;
            var repeats = Math.Max(1, parse.GetValue(repeat));
            foreach (var count in parse.GetValue(series) ?? [50, 500])
            {
                var line = await RunAsync(services, folder, count, Math.Max(1, parse.GetValue(years)), repeats, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync(line).ConfigureAwait(false);
            }

            await output.WriteLineAsync("Machine: " + BenchmarkFigures.Machine()).ConfigureAwait(false);
            return LlmPulseCommand.Ok;
        });
        return command;
    }

    private static async Task<string> RunAsync(IServiceProvider services, string seedFolder, int count, int years, int repeats, CancellationToken cancellationToken)
    {
        var clients = services.GetRequiredService<StorageClients>();
        var id = Guid.NewGuid().ToString("N")[..12];
        var options = Options.Create(new StorageOptions { SeriesTable = "benchdseries" + id, ObservationsTable = "benchdobs" + id });
        var metrics = new MetricStore(clients, options);
        var rollups = new RollupStore(clients, options);
        var writer = new MonthlyRollupWriter(metrics, rollups);
        var time = services.GetRequiredService<TimeProvider>();
        try
        {
            await new SeedImporter(metrics, new ObservationWriter(metrics, writer), time, NullLogger<SeedImporter>.Instance).ImportAsync(seedFolder, cancellationToken).ConfigureAwait(false);
            var stored = Stopwatch.StartNew();
            var generated = GeneratedSeries.Daily(count, Month.FirstDay.AddYears(-years), Month.LastDay);
            await metrics.WriteSeriesAsync(generated.Series, cancellationToken).ConfigureAwait(false);
            foreach (var one in generated.Observations.GroupBy(o => o.SeriesId, StringComparer.Ordinal))
            {
                var days = one.ToArray();
                await metrics.WriteObservationsAsync(days, cancellationToken).ConfigureAwait(false);
                await writer.UpdateAsync(one.Key, days, cancellationToken).ConfigureAwait(false);
            }

            stored.Stop();
            var observationCount = generated.Observations.Count;
            generated = default;
            GC.Collect();

            var service = new BriefingService(
                metrics,
                rollups,
                services.GetRequiredService<BriefingStore>(),
                services.GetRequiredService<BriefingBuilder>(),
                services.GetRequiredService<IBriefingRenderer>(),
                time,
                NullLogger<BriefingService>.Instance);
            var renderer = services.GetRequiredService<IBriefingRenderer>();
            var builds = new List<double>();
            var renders = new List<double>();
            byte[] pdf = [];
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < repeats; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var model = await service.BuildAsync(Month, cancellationToken).ConfigureAwait(false);
                builds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                started = Stopwatch.GetTimestamp();
                pdf = renderer.Render(model);
                renders.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / repeats;
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var c = CultureInfo.InvariantCulture;
            var text = new StringBuilder();
            text.Append(c, $"Seeds + {count} daily series ({years} years, {observationCount:N0} days, stored in {stored.Elapsed.TotalSeconds:F0} s), briefing {Month}, {repeats} run(s): ");
            text.Append(c, $"load+build {BenchmarkFigures.Median(builds):F0} ms, render {BenchmarkFigures.Median(renders):F0} ms (medians), ");
            text.Append(c, $"{PageCount(pdf)} pages, {pdf.Length / 1024.0:F0} KB, allocated {allocated / (1024.0 * 1024.0):F0} MB per build+render, peak working set {process.PeakWorkingSet64 / (1024.0 * 1024.0):F0} MB (whole process, data generation included)");
            return text.ToString();
        }
        finally
        {
            await clients.Tables.DeleteTableAsync(options.Value.SeriesTable, CancellationToken.None).ConfigureAwait(false);
            await clients.Tables.DeleteTableAsync(options.Value.ObservationsTable, CancellationToken.None).ConfigureAwait(false);
            await clients.Tables.DeleteTableAsync(options.Value.MonthsTable, CancellationToken.None).ConfigureAwait(false);
            await clients.Tables.DeleteTableAsync(options.Value.DaysTable, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Pages of a PDF: its page objects ("/Type /Page", not the "/Pages" tree).</summary>
    private static int PageCount(byte[] pdf) => PageObject().Count(Encoding.Latin1.GetString(pdf));

    [GeneratedRegex(@"/Type\s*/Page(?![s\w])")]
    private static partial Regex PageObject();
}
