using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using Azure;
using Azure.Core.Diagnostics;
using Azure.Data.Tables;
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

    /// <summary>
    /// This process's CPU time during each timed build (reading the answers and building, not storage's own work): on
    /// a machine shared with other work, wall times say more about the machine than the code.
    /// </summary>
    public IReadOnlyList<double> BuildCpuMs { get; init; } = [];

    public double MedianBuildCpuMs => BuildCpuMs.Count == 0 ? 0 : BenchmarkFigures.Median(BuildCpuMs);

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
            "  series | observations stored | model build (load + build) | this process's CPU in it | of which: one load, builder alone, rows read, table requests | latest month with data | generation",
        };
        foreach (var step in Steps)
        {
            lines.Add(string.Create(c, $"  {step.Series,6} | {step.Observations,19:N0} | {step.MedianBuildMs,17:N0} ms median | {step.MedianBuildCpuMs,17:N0} ms median | {step.LoadMs,8:N0} ms, {step.BuilderMs,6:N0} ms, {step.RowsRead,8:N0}, {step.TableRequests,4:N0} | {step.MedianLatestMonthMs,16:N0} ms median | {step.Generation.TotalSeconds:0.0} s"));
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

    public Task<ScaleReport> RunAsync(IReadOnlyList<int> steps, int years, int repeats, TextWriter progress, CancellationToken cancellationToken) =>
        RunAsync(steps, years, repeats, keep: false, progress, cancellationToken);

    /// <summary>
    /// As the overload without <paramref name="keep"/>. With it, every step has tables of its own named after its
    /// number of series and years, left in place afterwards: a later run on the same storage times the builds on the
    /// series an earlier run stored there (the same deterministic series) instead of storing them again, since
    /// storing 500 series takes minutes and reading them milliseconds. Each step's tables hold exactly its series,
    /// so a step times what it would time on fresh tables.
    /// </summary>
    public async Task<ScaleReport> RunAsync(IReadOnlyList<int> steps, int years, int repeats, bool keep, TextWriter progress, CancellationToken cancellationToken)
    {
        var month = BriefingMonth.FromDate(LastDay);
        var firstDay = LastDay.AddYears(-years).AddDays(1);
        var daysPerSeries = LastDay.DayNumber - firstDay.DayNumber + 1;
        var result = new List<ScaleStep>();
        var endpoint = "";
        using var process = Process.GetCurrentProcess();
        StepTables? current = null;
        try
        {
            var stored = 0;
            foreach (var target in steps)
            {
                if (keep || current is null)
                {
                    if (current is not null)
                    {
                        await current.DisposeAsync().ConfigureAwait(false);
                    }

                    // A step's own kept tables, or one set of fresh tables that the steps fill in turn.
                    current = CreateTables(keep ? string.Create(CultureInfo.InvariantCulture, $"kept{years}y{target}") : Guid.NewGuid().ToString("N")[..10], keep);
                    await current.Store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
                    current.Created = !keep;
                    stored = keep ? await current.KeptSeriesAsync(cancellationToken).ConfigureAwait(false) : stored;
                }

                var store = current.Store;
                var rollups = current.Services.GetRequiredService<MonthlyRollupWriter>();
                var briefings = current.Services.GetRequiredService<BriefingService>();
                var builder = current.Services.GetRequiredService<BriefingBuilder>();
                var time = current.Services.GetRequiredService<TimeProvider>();
                endpoint = current.Clients.Tables.Uri.GetLeftPart(UriPartial.Path).TrimEnd('/');

                var generation = Stopwatch.StartNew();
                if (stored == target)
                {
                    await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {target} series kept from an earlier run with --keep ({target * daysPerSeries:N0} observations); timing {repeats} model builds...")).ConfigureAwait(false);
                }
                else
                {
                    // Kept tables that an interrupted run left part-filled are filled again from the start.
                    var indexes = Enumerable.Range(keep ? 0 : stored, keep ? target : target - stored).ToArray();
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
                    stored = target;
                    if (keep)
                    {
                        await current.MarkKeptAsync(target, cancellationToken).ConfigureAwait(false);
                    }

                    await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {stored} series stored ({stored * daysPerSeries:N0} observations, this step {generation.Elapsed.TotalSeconds:0.0} s); timing {repeats} model builds...")).ConfigureAwait(false);
                }

                generation.Stop();
                var builds = new List<double>();
                var buildCpu = new List<double>();
                var latest = new List<double>();
                for (var r = 0; r < repeats; r++)
                {
                    process.Refresh();
                    var cpuBefore = process.TotalProcessorTime;
                    var started = Stopwatch.GetTimestamp();
                    var model = await briefings.BuildAsync(month, BriefingLanguage.English, cancellationToken).ConfigureAwait(false);
                    builds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    process.Refresh();
                    buildCpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
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

                var step = new ScaleStep(stored, stored * daysPerSeries, generation.Elapsed, builds, latest)
                {
                    LoadMs = loadMs,
                    BuilderMs = builderMs,
                    RowsRead = data.Observations.Count + (data.Rollups?.Count ?? 0),
                    TableRequests = requests,
                    BuildCpuMs = buildCpu,
                };
                result.Add(step);
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {stored} series: model build {step.MedianBuildMs:N0} ms median, CPU {step.MedianBuildCpuMs:N0} ms (runs: {string.Join(", ", builds.Select(b => b.ToString("N0", CultureInfo.InvariantCulture)))}; one load {loadMs:N0} ms reading {step.RowsRead:N0} rows in {step.TableRequests} table requests, builder alone {builderMs:N0} ms), latest month {step.MedianLatestMonthMs:N0} ms median")).ConfigureAwait(false);
            }
        }
        finally
        {
            if (current is not null)
            {
                await current.DeleteAsync(progress).ConfigureAwait(false);
                await current.DisposeAsync().ConfigureAwait(false);
            }
        }

        return new ScaleReport(month, years, endpoint, result);
    }

    /// <summary>
    /// The app's storage settings with a name of the benchmark's for every table (whatever tables the app has), so
    /// the benchmark reads and writes exactly as the app does without touching its data, and the app's services on them.
    /// </summary>
    private StepTables CreateTables(string id, bool keep)
    {
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
        tables.Add(storage.DaysTable);

        // Reading the full history of hundreds of series can take minutes: give it a figure, not a timeout.
        storage.NetworkTimeout = TimeSpan.FromMinutes(10);

        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddLlmPulse(configuration);
        services.AddBriefingRenderer();
        services.AddSingleton<IOptions<StorageOptions>>(Options.Create(storage));
        return new StepTables(services.BuildServiceProvider(), storage, tables, keep);
    }

    /// <summary>One set of the benchmark's tables and the app's services on them.</summary>
    private sealed class StepTables(ServiceProvider services, StorageOptions storage, IReadOnlyList<string> tables, bool keep) : IAsyncDisposable
    {
        /// <summary>The row of the series table that says how many series a kept set holds in full (not a series: another partition).</summary>
        private const string KeptPartition = "bench-scale";

        public ServiceProvider Services => services;

        public MetricStore Store { get; } = services.GetRequiredService<MetricStore>();

        public StorageClients Clients { get; } = services.GetRequiredService<StorageClients>();

        /// <summary>True once the tables exist and are the benchmark's to delete.</summary>
        public bool Created { get; set; }

        /// <summary>How many series an earlier run stored in full in these kept tables (0 if none or interrupted).</summary>
        public async Task<int> KeptSeriesAsync(CancellationToken cancellationToken)
        {
            var table = Clients.Tables.GetTableClient(storage.SeriesTable);
            var row = await table.GetEntityIfExistsAsync<TableEntity>(KeptPartition, "stored", cancellationToken: cancellationToken).ConfigureAwait(false);
            return row.HasValue && row.Value!.GetInt32("Series") is { } n ? n : 0;
        }

        /// <summary>Written once every series of the step is stored, so an interrupted run's tables are never taken as complete.</summary>
        public Task MarkKeptAsync(int series, CancellationToken cancellationToken) =>
            Clients.Tables.GetTableClient(storage.SeriesTable).UpsertEntityAsync(new TableEntity(KeptPartition, "stored") { ["Series"] = series }, TableUpdateMode.Replace, cancellationToken);

        /// <summary>Deletes fresh tables; kept ones stay. A failed clean-up must not hide the error that ended the run.</summary>
        public async Task DeleteAsync(TextWriter progress)
        {
            foreach (var table in Created && !keep ? tables : [])
            {
                try
                {
                    await Clients.Tables.DeleteTableAsync(table, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is RequestFailedException or AggregateException)
                {
                    await progress.WriteLineAsync($"  could not delete the benchmark's table {table}: {e.Message}").ConfigureAwait(false);
                }
            }
        }

        public ValueTask DisposeAsync() => services.DisposeAsync();
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
