using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using Azure;
using Azure.Core.Diagnostics;
using LlmPulse.Briefings;
using LlmPulse.Metrics;
using LlmPulse.Rendering;
using LlmPulse.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmPulse.Cli.Commands;

/// <summary>The model build timed with one number of series stored.</summary>
internal sealed record ScaleStep(int Series, int Observations, TimeSpan Generation, IReadOnlyList<double> BuildMs, IReadOnlyList<double> LatestMonthMs)
{
    /// <summary>One load alone (storage reads), so the build's time splits into reading and composing.</summary>
    public double LoadMs { get; init; }

    /// <summary>The builder alone on what that load read.</summary>
    public double BuilderMs { get; init; }

    /// <summary>Roll-ups and observations that load read.</summary>
    public int RowsRead { get; init; }

    /// <summary>Table query requests that load sent, one per page of a query: Azurite scans the whole table for every one.</summary>
    public int TableRequests { get; init; }

    public double MedianBuildMs => BenchmarkFigures.Median(BuildMs);

    public double MedianLatestMonthMs => BenchmarkFigures.Median(LatestMonthMs);
}

/// <summary>What <c>llmpulse bench-scale</c> measured.</summary>
internal sealed record ScaleReport(BriefingMonth Month, int Years, string Endpoint, IReadOnlyList<ScaleStep> Steps)
{
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Create(c, $"Scale benchmark: synthetic daily series, {Years} year{(Years == 1 ? "" : "s")} each, briefing {Month} built from {Endpoint} (medians of {Steps[0].BuildMs.Count} builds per step)"),
            "  series | observations stored | model build (load + build) | of which: one load, builder alone, rows read, table requests | latest month with data | generation",
        };
        foreach (var step in Steps)
        {
            lines.Add(string.Create(c, $"  {step.Series,6} | {step.Observations,19:N0} | {step.MedianBuildMs,17:N0} ms median | {step.LoadMs,8:N0} ms, {step.BuilderMs,6:N0} ms, {step.RowsRead,8:N0}, {step.TableRequests,4:N0} | {step.MedianLatestMonthMs,16:N0} ms median | {step.Generation.TotalSeconds:0.0} s"));
        }

        var first = Steps[0].MedianBuildMs;
        var last = Steps[^1].MedianBuildMs;
        lines.Add(string.Create(c, $"  model build at {Steps[^1].Series} series: {last:N0} ms (target <= 200 ms); {last / Math.Max(first, 1e-9):0.0}x the build at {Steps[0].Series} series (target: within 2x)"));
        lines.Add("Machine: " + BenchmarkFigures.Machine());
        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>
/// Stores synthetic daily series in steps (say 50, then up to 100, 200, 500), each three years of daily
/// observations, and after each step times the briefing model build of the last month through the application's
/// own <see cref="BriefingService"/> (whatever its load path reads) and the "latest month with data" lookup.
/// Everything goes to fresh tables on the configured storage, deleted afterwards; observations are written
/// through <see cref="MetricStore"/>'s batch path (transactions of 100, a few series at a time) with the
/// monthly roll-ups <see cref="MonthlyRollupWriter"/> keeps beside them, as import and the collectors do.
/// </summary>
internal sealed class ScaleBenchmark(IConfiguration configuration, StorageOptions appStorage)
{
    private const int WritersInParallel = 4;
    private static readonly DateOnly LastDay = new(2025, 12, 31);

    public async Task<ScaleReport> RunAsync(IReadOnlyList<int> steps, int years, int repeats, TextWriter progress, CancellationToken cancellationToken)
    {
        // The app's storage settings with a fresh name for every table (whatever tables the app has), so the
        // benchmark reads and writes exactly as the app does without touching its data.
        var id = Guid.NewGuid().ToString("N")[..10];
        var tables = new List<string>();
        var storage = new StorageOptions();
        foreach (var property in typeof(StorageOptions).GetProperties().Where(p => p.CanRead && p.CanWrite))
        {
            var value = property.GetValue(appStorage);
            if (property.PropertyType == typeof(string) && property.Name.EndsWith("Table", StringComparison.Ordinal))
            {
                value = "scale" + property.Name.ToLowerInvariant()[..^5] + id;
                tables.Add((string)value);
            }

            property.SetValue(storage, value);
        }

        // Named after the observations table, so not among the settings above, but the benchmark's too.
        tables.Add(storage.MonthsTable);

        // Reading the full history of hundreds of series can take minutes: give it a figure, not a timeout.
        storage.NetworkTimeout = TimeSpan.FromMinutes(10);

        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddLlmPulse(configuration);
        services.AddBriefingRenderer();
        services.AddSingleton<IOptions<StorageOptions>>(Options.Create(storage));
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<MetricStore>();
        var rollups = provider.GetRequiredService<MonthlyRollupWriter>();
        var briefings = provider.GetRequiredService<BriefingService>();
        var builder = provider.GetRequiredService<BriefingBuilder>();
        var time = provider.GetRequiredService<TimeProvider>();
        var clients = provider.GetRequiredService<StorageClients>();
        var month = BriefingMonth.FromDate(LastDay);
        var firstDay = LastDay.AddYears(-years).AddDays(1);
        var result = new List<ScaleStep>();
        var created = false;
        try
        {
            await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            created = true;
            var stored = 0;
            var observations = 0;
            foreach (var target in steps)
            {
                var generation = Stopwatch.StartNew();
                var indexes = Enumerable.Range(stored, target - stored).ToArray();
                var series = indexes.Select(SyntheticSeries).ToArray();
                await store.WriteSeriesAsync(series, cancellationToken).ConfigureAwait(false);
                await Parallel.ForEachAsync(
                    indexes,
                    new ParallelOptions { MaxDegreeOfParallelism = WritersInParallel, CancellationToken = cancellationToken },
                    async (i, ct) =>
                    {
                        // As every writer of observations does: the monthly roll-ups and month index follow.
                        var daily = Daily(i, firstDay, LastDay).ToArray();
                        await store.WriteObservationsAsync(daily, ct).ConfigureAwait(false);
                        await rollups.UpdateAsync(daily[0].SeriesId, daily, ct).ConfigureAwait(false);
                    }).ConfigureAwait(false);
                generation.Stop();
                observations += series.Length * (LastDay.DayNumber - firstDay.DayNumber + 1);
                stored = target;
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {stored} series stored ({observations:N0} observations, this step {generation.Elapsed.TotalSeconds:0.0} s); timing {repeats} model builds...")).ConfigureAwait(false);

                var builds = new List<double>();
                var latest = new List<double>();
                for (var r = 0; r < repeats; r++)
                {
                    var started = Stopwatch.GetTimestamp();
                    var model = await briefings.BuildAsync(month, BriefingLanguage.English, cancellationToken).ConfigureAwait(false);
                    builds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    GC.KeepAlive(model);

                    started = Stopwatch.GetTimestamp();
                    var found = await briefings.LatestMonthWithDataAsync(cancellationToken).ConfigureAwait(false);
                    latest.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (found != month)
                    {
                        throw new InvalidOperationException($"The latest month with data should be {month}, found {found}.");
                    }
                }

                // Once more in two halves: where the time goes, reading storage or composing the model.
                var requests = 0;
                BriefingData data;
                double loadMs;
                using (new AzureEventSourceListener(
                    (e, message) =>
                    {
                        // Table queries, each page its own request ("GET .../table()?$filter=..."); point reads are not counted.
                        if (e.EventName == "Request" && message.Contains(" GET ", StringComparison.Ordinal) && message.Contains("()", StringComparison.Ordinal))
                        {
                            Interlocked.Increment(ref requests);
                        }
                    },
                    EventLevel.Informational))
                {
                    var loadStarted = Stopwatch.GetTimestamp();
                    data = await briefings.LoadAsync(month, cancellationToken).ConfigureAwait(false);
                    loadMs = Stopwatch.GetElapsedTime(loadStarted).TotalMilliseconds;
                }

                var buildStarted = Stopwatch.GetTimestamp();
                GC.KeepAlive(builder.Build(data, time.GetUtcNow(), BriefingLanguage.English));
                var builderMs = Stopwatch.GetElapsedTime(buildStarted).TotalMilliseconds;

                var step = new ScaleStep(stored, observations, generation.Elapsed, builds, latest)
                {
                    LoadMs = loadMs,
                    BuilderMs = builderMs,
                    RowsRead = data.Observations.Count + (data.Rollups?.Count ?? 0),
                    TableRequests = requests,
                };
                result.Add(step);
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {stored} series: model build {step.MedianBuildMs:N0} ms median (runs: {string.Join(", ", builds.Select(b => b.ToString("N0", CultureInfo.InvariantCulture)))}; one load {loadMs:N0} ms reading {step.RowsRead:N0} rows in {step.TableRequests} table requests, builder alone {builderMs:N0} ms), latest month {step.MedianLatestMonthMs:N0} ms median")).ConfigureAwait(false);
            }
        }
        finally
        {
            // Storage that was never reached has nothing to clean up, and a failed clean-up must not hide the
            // error that ended the run.
            foreach (var table in created ? tables : [])
            {
                try
                {
                    await clients.Tables.DeleteTableAsync(table, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is RequestFailedException or AggregateException)
                {
                    await progress.WriteLineAsync($"  could not delete the benchmark's table {table}: {e.Message}").ConfigureAwait(false);
                }
            }
        }

        return new ScaleReport(month, years, clients.Tables.Uri.GetLeftPart(UriPartial.Path).TrimEnd('/'), result);
    }

    /// <summary>Two of three series are daily index closes, one a daily traffic figure, as the collectors store them.</summary>
    private static Series SyntheticSeries(int index)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"Synthetic {index:D4}");
        return index % 3 == 2
            ? new Series(string.Create(CultureInfo.InvariantCulture, $"traffic.bench{index:D4}.visits.world"), SeriesCategory.Traffic, name + " visits", "visits", Frequency.Daily, "LlmPulse benchmark")
            : new Series(string.Create(CultureInfo.InvariantCulture, $"index.bench{index:D4}.close"), SeriesCategory.Index, name + " index", "points", Frequency.Daily, "LlmPulse benchmark");
    }

    /// <summary>A seeded random walk per series, one level a day: deterministic, so every run stores the same data.</summary>
    private static IEnumerable<Observation> Daily(int index, DateOnly first, DateOnly last)
    {
        var series = SyntheticSeries(index);
        var random = new Random(index);
        var level = series.Unit == "points" ? 1000d : 2_000_000d;
        var collectedAt = new DateTimeOffset(last.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            level *= 1 + ((random.NextDouble() - 0.5) * 0.04);
            yield return new Observation(series.Id, Period.Day(day), Measure.Level, Math.Round((decimal)level, 2), false, "LlmPulse benchmark", "Synthetic daily level", collectedAt);
        }
    }
}
