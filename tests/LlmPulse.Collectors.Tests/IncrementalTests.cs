using System.Globalization;
using LlmPulse.Metrics;
using LlmPulse.Storage;
using LlmPulse.Testing;

namespace LlmPulse.Collectors.Tests;

/// <summary>Incremental windows, revisions, and idempotence under a rerun and under two runs at once.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IncrementalTests(AzuriteServer azurite)
{
    private const string SeriesId = "traffic.chatgpt.wikipedia_views";
    private const string Prefix = "/metrics/pageviews/per-article/en.wikipedia.org/all-access/user/ChatGPT/monthly/";

    [Fact]
    public async Task Each_run_asks_only_from_the_latest_stored_period_less_the_overlap_and_revisions_replace_old_values()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Wikimedia(server);
        server.On(Prefix + "2023010100/2023093000", FakeResponse.Json(Payloads.Wikimedia("ChatGPT", "monthly", Months(2023, 1, 9, m => 1_000_000 + (m * 1000)))));

        var first = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.True(first.Status == RunStatus.Succeeded, first.Error);
        Assert.Equal(("2023-01..2023-09", 9, 0), (first.PeriodsAsked, first.Written, first.Revised));

        // A month later: July (inside the two-month overlap) was revised, October is new.
        harness.Clock.Now = new DateTimeOffset(2023, 11, 3, 6, 0, 0, TimeSpan.Zero);
        var revised = Payloads.Wikimedia("ChatGPT", "monthly", ("2023070100", 1_007_500), ("2023080100", 1_008_000), ("2023090100", 1_009_000), ("2023100100", 1_010_000));
        server.On(Prefix + "2023070100/2023103100", FakeResponse.Json(revised));

        var second = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.True(second.Status == RunStatus.Succeeded, second.Error);
        Assert.Equal(("2023-07..2023-10", 2, 1), (second.PeriodsAsked, second.Written, second.Revised));
        Assert.Equal("traffic.chatgpt.wikipedia_views 2023-07 level: 1007000 -> 1007500", second.Revisions);
        var stored = await harness.ObservationsAsync(SeriesId);
        Assert.Equal(10, stored.Count);
        var july = stored.Single(o => o.Period == Period.Month(2023, 7));
        Assert.Equal((1_007_500m, harness.Clock.Now), (july.Value, july.CollectedAt));

        // Unchanged months keep the time they were first collected: nothing was rewritten.
        Assert.Equal(CollectorHarness.DefaultNow, stored.Single(o => o.Period == Period.Month(2023, 8)).CollectedAt);
        Assert.Equal(second.Revisions, (await harness.RunsAsync())[0].Revisions);
    }

    [Fact]
    public async Task A_rerun_writes_nothing_and_leaves_exactly_the_same_stored_data()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Wikimedia(server);
        server.On(Prefix + "2023010100/2023093000", FakeResponse.Json(Payloads.Wikimedia("ChatGPT", "monthly", Months(2023, 1, 9, m => 500 + m))));
        server.On(Prefix + "2023070100/2023093000", FakeResponse.Json(Payloads.Wikimedia("ChatGPT", "monthly", Months(2023, 7, 9, m => 500 + m))));
        await harness.CollectAsync();
        var before = await harness.ObservationsAsync(SeriesId);

        harness.Clock.Now = harness.Clock.Now.AddHours(1);
        var rerun = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.Equal((RunStatus.Succeeded, 0, 0), (rerun.Status, rerun.Written, rerun.Revised));
        Assert.Equal(before, await harness.ObservationsAsync(SeriesId));
    }

    [Fact]
    public async Task A_backfill_asks_exactly_the_days_given_and_leaves_the_rest_alone()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Wikimedia(server);
        server.On(Prefix + "2023030100/2023043000", FakeResponse.Json(Payloads.Wikimedia("ChatGPT", "monthly", Months(2023, 3, 4, m => 42 + m))));

        var run = Assert.Single((await harness.CollectAsync("wikimedia-pageviews", new DateOnly(2023, 3, 1), new DateOnly(2023, 4, 30))).Runs);

        Assert.Equal(("2023-03..2023-04", 2), (run.PeriodsAsked, run.Written));
        Assert.Equal(["2023-03", "2023-04"], (await harness.ObservationsAsync(SeriesId)).Select(o => o.Period.ToString()));
    }

    [Fact]
    public async Task Two_runs_at_once_store_each_observation_once_with_the_same_values()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Tranco(server, days: 150);
        server.On("/api/ranks/domain/chatgpt.com", FakeResponse.Json(Ranks(150, rank: d => 20 + (d % 7))) with { Delay = TimeSpan.FromMilliseconds(200) });

        var reports = await Task.WhenAll(harness.CollectAsync(provider: harness.NewProvider()), harness.CollectAsync(provider: harness.NewProvider()));

        Assert.All(reports, r => Assert.Equal(RunStatus.Succeeded, Assert.Single(r.Runs).Status));
        var stored = await harness.ObservationsAsync("traffic.chatgpt.tranco_rank");
        Assert.Equal(150, stored.Count);
        Assert.Equal(150, stored.Select(o => o.Period).Distinct().Count());
        Assert.All(stored, o => Assert.Equal(20 + ((o.Period.End.DayNumber - Start.DayNumber) % 7), o.Value));
        Assert.Equal(150, await CountEntitiesAsync(harness, "traffic.chatgpt.tranco_rank"));
    }

    [Fact]
    public async Task Two_runs_racing_on_revisions_leave_every_revised_value_and_no_mix()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Tranco(server, days: 150);
        server.On("/api/ranks/domain/chatgpt.com", FakeResponse.Json(Ranks(150, rank: d => 100 + d)));
        await harness.CollectAsync();

        // Every rank revised, across more than one 100-entity batch of the series' partition.
        server.On("/api/ranks/domain/chatgpt.com", FakeResponse.Json(Ranks(150, rank: d => 1000 + d)) with { Delay = TimeSpan.FromMilliseconds(150) });
        var reports = await Task.WhenAll(
            harness.CollectAsync(from: Start, provider: harness.NewProvider()),
            harness.CollectAsync(from: Start, provider: harness.NewProvider()));

        Assert.All(reports, r => Assert.Equal(RunStatus.Succeeded, Assert.Single(r.Runs).Status));
        var stored = await harness.ObservationsAsync("traffic.chatgpt.tranco_rank");
        Assert.Equal(150, stored.Count);
        Assert.All(stored, o => Assert.Equal(1000 + (o.Period.End.DayNumber - Start.DayNumber), o.Value));

        // The same payload twice yields the same data whichever run wrote last: a third run finds nothing to change.
        var third = Assert.Single((await harness.CollectAsync(from: Start)).Runs);
        Assert.Equal((0, 0), (third.Written, third.Revised));
    }

    [Fact]
    public async Task A_figure_of_another_reporter_such_as_the_seeds_is_kept()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Wikimedia(server);
        await harness.Metrics.WriteSeriesAsync([new Series(SeriesId, SeriesCategory.Traffic, "Seeded name", "views", Frequency.Monthly, "An article")], CancellationToken.None);
        await harness.Metrics.WriteObservationsAsync([new Observation(SeriesId, Period.Month(2023, 8), Measure.Level, 999, true, "An article", "About 999", CollectorHarness.DefaultNow.AddDays(-30))], CancellationToken.None);
        server.On(Prefix + "2023010100/2023093000", FakeResponse.Json(Payloads.Wikimedia("ChatGPT", "monthly", Months(2023, 1, 9, m => m))));

        var run = Assert.Single((await harness.CollectAsync()).Runs);

        Assert.Equal(8, run.Written);
        Assert.Contains("1 figures reported by others were kept", run.Note);
        var august = (await harness.ObservationsAsync(SeriesId)).Single(o => o.Period == Period.Month(2023, 8));
        Assert.Equal(("An article", 999m), (august.ReportedBy, august.Value));
        Assert.Equal("Seeded name", (await harness.Metrics.GetSeriesAsync(CancellationToken.None)).Single(s => s.Id == SeriesId).Name);
    }

    private static readonly DateOnly Start = DateOnly.FromDateTime(CollectorHarness.DefaultNow.UtcDateTime).AddDays(-149);

    private static (string, long)[] Months(int year, int first, int last, Func<int, long> views) =>
        Enumerable.Range(first, last - first + 1).Select(m => (string.Create(CultureInfo.InvariantCulture, $"{year}{m:D2}0100"), views(m))).ToArray();

    private static string Ranks(int days, Func<int, int> rank) =>
        Payloads.Tranco("chatgpt.com", Enumerable.Range(0, days).Select(d => (Start.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), rank(d))).ToArray());

    private static async Task<int> CountEntitiesAsync(CollectorHarness harness, string seriesId)
    {
        var table = new Azure.Data.Tables.TableClient(harness.Storage.ConnectionString, harness.Storage.ObservationsTable);
        var count = 0;
        await foreach (var _ in table.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == seriesId))
        {
            count++;
        }

        return count;
    }

    private CollectorHarness Wikimedia(FakeSourceServer server)
    {
        var harness = new CollectorHarness(azurite.ConnectionString);
        var source = harness.AddSource("wikimedia-pageviews", "wikimedia-pageviews", server.Url, "Wikimedia Foundation", since: "2023-01-01");
        source.Series[SeriesId] = CollectorHarness.Series("ChatGPT article views", "traffic", "views", "monthly", ("Article", "ChatGPT"));
        return harness;
    }

    private CollectorHarness Tranco(FakeSourceServer server, int days)
    {
        var harness = new CollectorHarness(azurite.ConnectionString);
        var source = harness.AddSource("tranco", "tranco", server.Url, "Tranco", since: Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        source.Series["traffic.chatgpt.tranco_rank"] = CollectorHarness.Series("Rank", "traffic", "rank", "daily", ("Domain", "chatgpt.com"));
        return harness;
    }
}
