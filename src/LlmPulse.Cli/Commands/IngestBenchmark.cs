using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using LlmPulse.Collectors;
using LlmPulse.Metrics;
using LlmPulse.Storage;
using Microsoft.Extensions.Options;

namespace LlmPulse.Cli.Commands;

/// <summary>One timed ingestion: how many observations, how long.</summary>
internal sealed record IngestTiming(int Observations, TimeSpan Elapsed)
{
    public double PerSecond => Observations / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>What <c>llmpulse bench-ingest</c> measured.</summary>
internal sealed record IngestReport(int Observations, int Series, string Endpoint, IReadOnlyList<IngestTiming> Raw, IReadOnlyList<IngestTiming> Collector)
{
    public double RawRate => BenchmarkFigures.Median(Raw.Select(t => t.PerSecond));

    public double CollectorRate => BenchmarkFigures.Median(Collector.Select(t => t.PerSecond));

    /// <summary>
    /// The median of each run's ratio: within a run the paths take turns, so they share the machine's conditions,
    /// and their ratio is steadier than a ratio of medians taken at different times.
    /// </summary>
    public double Ratio => BenchmarkFigures.Median(RunRatios);

    private IEnumerable<double> RunRatios => Raw.Zip(Collector, (r, c) => c.PerSecond / r.PerSecond);

    public override string ToString()
    {
        var perSeries = Observations / Series;
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"Ingest benchmark: {Observations:N0} observations over {Series:N0} series ({perSeries:N0} each) on {Endpoint}, {Raw.Count} run(s) of each path"),
            string.Create(CultureInfo.InvariantCulture, $"  raw Azure.Data.Tables batches: {RawRate,8:N0} observations/s (median; runs: {Describe(Raw)})"),
            string.Create(CultureInfo.InvariantCulture, $"  collector write path:          {CollectorRate,8:N0} observations/s (median; runs: {Describe(Collector)})"),
            string.Create(CultureInfo.InvariantCulture, $"  ratio: {Ratio * 100:0.0}% of the raw rate (median of the runs: {string.Join(", ", RunRatios.Select(r => (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%"))}; target: 80% or more)"),
            "Machine: " + BenchmarkFigures.Machine(),
        };
        return string.Join(Environment.NewLine, lines);
    }

    private static string Describe(IReadOnlyList<IngestTiming> timings) =>
        string.Join(", ", timings.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Elapsed.TotalSeconds:0.0} s")));
}

/// <summary>
/// Times the ingestion of synthetic observations through the collector's write path (<see cref="ObservationWriter"/>
/// on <see cref="MetricStore"/>: read what is stored, compare, write new and changed in batches) against the raw
/// Azure.Data.Tables batch write of the same entities, on fresh tables of the configured storage, which are
/// deleted afterwards. Both paths write series after series, batch after batch, as the collector does. They take
/// turns every few series (alternating which goes first), so that load from anything else on the machine falls on
/// both alike instead of on whichever path happened to run while it lasted.
/// </summary>
internal sealed class IngestBenchmark(StorageClients clients, TimeProvider time)
{
    /// <summary>Series each path writes before the other takes its turn.</summary>
    private const int SeriesPerTurn = 10;

    public async Task<IngestReport> RunAsync(int observations, int seriesCount, int repeats, TextWriter progress, CancellationToken cancellationToken)
    {
        var data = Generate(observations, seriesCount, time.GetUtcNow());
        var raw = new List<IngestTiming>();
        var collector = new List<IngestTiming>();
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            var (rawTiming, collectorTiming) = await RunOnceAsync(data, cancellationToken).ConfigureAwait(false);
            raw.Add(rawTiming);
            collector.Add(collectorTiming);
            await progress.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"  run {repeat + 1}: raw batches {rawTiming.Elapsed.TotalSeconds:0.0} s ({rawTiming.PerSecond:N0}/s), collector path {collectorTiming.Elapsed.TotalSeconds:0.0} s ({collectorTiming.PerSecond:N0}/s)")).ConfigureAwait(false);
        }

        return new IngestReport(data.Sum(s => s.Count), seriesCount, clients.Tables.Uri.GetLeftPart(UriPartial.Path).TrimEnd('/'), raw, collector);
    }

    /// <summary>Daily levels from 2000-01-01, <paramref name="observations"/> spread evenly over the series.</summary>
    private static List<List<Observation>> Generate(int observations, int seriesCount, DateTimeOffset collectedAt)
    {
        var start = new DateOnly(2000, 1, 1);
        var result = new List<List<Observation>>(seriesCount);
        for (var s = 0; s < seriesCount; s++)
        {
            var count = (observations / seriesCount) + (s < observations % seriesCount ? 1 : 0);
            var id = string.Create(CultureInfo.InvariantCulture, $"bench.ingest.s{s:D5}");
            var list = new List<Observation>(count);
            for (var d = 0; d < count; d++)
            {
                var value = 1000m + (s * 0.25m) + (d * 0.01m);
                list.Add(new Observation(id, Period.Day(start.AddDays(d)), Measure.Level, value, false, "LlmPulse benchmark", "Synthetic daily level", collectedAt));
            }

            result.Add(list);
        }

        return result;
    }

    private async Task<(IngestTiming Raw, IngestTiming Collector)> RunOnceAsync(List<List<Observation>> data, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var rawTable = clients.Tables.GetTableClient("benchraw" + id);
        var options = Options.Create(new StorageOptions { SeriesTable = "benchseries" + id, ObservationsTable = "benchobs" + id });
        var store = new MetricStore(clients, options);
        var writer = new ObservationWriter(store, new MonthlyRollupWriter(store, new RollupStore(clients, options)));
        try
        {
            await rawTable.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            var rawClock = new Stopwatch();
            var collectorClock = new Stopwatch();
            int rawWritten = 0, collectorWritten = 0;
            var turns = data.Chunk(SeriesPerTurn).ToArray();
            for (var turn = 0; turn < turns.Length; turn++)
            {
                foreach (var rawFirst in turn % 2 == 0 ? new[] { true, false } : [false, true])
                {
                    if (rawFirst)
                    {
                        rawClock.Start();
                        rawWritten += await RawAsync(rawTable, turns[turn], cancellationToken).ConfigureAwait(false);
                        rawClock.Stop();
                    }
                    else
                    {
                        collectorClock.Start();
                        foreach (var series in turns[turn])
                        {
                            collectorWritten += (await writer.WriteAsync(series[0].SeriesId, series, cancellationToken).ConfigureAwait(false)).Written;
                        }

                        collectorClock.Stop();
                    }
                }
            }

            return (new IngestTiming(rawWritten, rawClock.Elapsed), new IngestTiming(collectorWritten, collectorClock.Elapsed));
        }
        finally
        {
            await rawTable.DeleteAsync(CancellationToken.None).ConfigureAwait(false);
            await clients.Tables.DeleteTableAsync(options.Value.ObservationsTable, CancellationToken.None).ConfigureAwait(false);
            await clients.Tables.DeleteTableAsync(options.Value.MonthsTable, CancellationToken.None).ConfigureAwait(false);
            await clients.Tables.DeleteTableAsync(options.Value.DaysTable, CancellationToken.None).ConfigureAwait(false);
            await clients.Tables.DeleteTableAsync(options.Value.SeriesTable, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The raw path: the same entities MetricStore writes, in transactions of 100, one partition each.</summary>
    private static async Task<int> RawAsync(TableClient table, IEnumerable<List<Observation>> series, CancellationToken cancellationToken)
    {
        var written = 0;
        foreach (var observations in series)
        {
            foreach (var chunk in observations.Select(MetricStore.ToEntity).Chunk(MetricStore.MaxBatchSize))
            {
                await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken).ConfigureAwait(false);
                written += chunk.Length;
            }
        }

        return written;
    }
}
