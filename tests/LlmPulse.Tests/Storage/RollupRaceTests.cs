using Azure.Data.Tables;
using LlmPulse.Briefings;
using LlmPulse.Collectors;
using LlmPulse.Metrics;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Tests.Storage;

/// <summary>
/// Two writers of different days of one daily series' month, on Azurite, interleaved at the moments that used to
/// leave the month's roll-up without the other writer's days: once both have returned, the stored roll-up is the
/// one the stored days make, whatever the order. And the writes that used to leave a finished month partial: a
/// series' first day after a pause of a month or more, and a change without a level.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RollupRaceTests(AzuriteServer azurite)
{
    private const string Visits = "traffic.rollrace.visits";
    private static readonly DateTimeOffset At = new(2024, 4, 2, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_writer_whose_whole_write_lands_between_the_others_rollup_and_its_days_leaves_a_rollup_of_both_writers_days()
    {
        using var app = await AppAsync();
        var writer = app.Services.GetRequiredService<ObservationWriter>();

        // The second writer's whole write (copies, roll-up, days) lands after the first one's roll-up and before
        // its days: reading the stored days, the second saw none of the first's.
        await WriteInTheMiddleAsync(app, writer, Days(3, 1, 15, "First", d => 100 + d), Days(3, 16, 31, "Second", d => 100 + d));

        var march = await StoredRollupAsync(app, 3);
        Assert.Equal(31, march.DaysWithData);
        Assert.Equal(Enumerable.Range(1, 31).Sum(d => 100m + d), march.Value);
        Assert.Equal("First, Second", march.ReportedBy);
        Assert.Equal(await ExpectedRollupAsync(app, 3), march);
    }

    [Fact]
    public async Task Two_writers_revising_different_days_of_one_month_at_once_leave_a_rollup_with_both_revisions()
    {
        using var app = await AppAsync();
        var writer = app.Services.GetRequiredService<ObservationWriter>();
        await writer.WriteAsync(Visits, Days(3, 1, 31, "S", _ => 10), CancellationToken.None);
        await writer.WriteAsync(Visits, Days(4, 1, 1, "S", _ => 10), CancellationToken.None);

        await WriteInTheMiddleAsync(app, writer, Days(3, 5, 5, "S", _ => 110), Days(3, 20, 20, "S", _ => 200));

        var march = await StoredRollupAsync(app, 3);
        Assert.Equal((310m + 100m + 190m, 31, false), (march.Value, march.DaysWithData, march.Partial));
        Assert.Equal(await ExpectedRollupAsync(app, 3), march);
    }

    [Fact]
    public async Task A_rollup_computed_before_another_writer_changed_its_month_is_computed_again_after_writing()
    {
        using var app = await AppAsync();
        var writer = app.Services.GetRequiredService<ObservationWriter>();

        // The second writer's whole write lands between the first one's computing its roll-up and writing it: the
        // first writes a roll-up of its own days only, over the second's of all of them.
        await WriteBeforeRollupAsync(app, writer, Days(3, 1, 15, "First", d => 100 + d), Days(3, 16, 31, "Second", d => 100 + d));

        var march = await StoredRollupAsync(app, 3);
        Assert.Equal((31, Enumerable.Range(1, 31).Sum(d => 100m + d)), (march.DaysWithData, march.Value));
        Assert.Equal(await ExpectedRollupAsync(app, 3), march);
    }

    [Fact]
    public async Task A_day_of_the_next_month_written_meanwhile_completes_the_month_a_writer_computed_as_partial()
    {
        using var app = await AppAsync();
        var writer = app.Services.GetRequiredService<ObservationWriter>();
        await writer.WriteAsync(Visits, Days(3, 1, 19, "S", _ => 10), CancellationToken.None);

        await WriteBeforeRollupAsync(app, writer, Days(3, 20, 20, "S", _ => 10), Days(4, 1, 1, "S", _ => 10));

        var march = await StoredRollupAsync(app, 3);
        Assert.Equal((200m, 20, false), (march.Value, march.DaysWithData, march.Partial));
        Assert.Equal(await ExpectedRollupAsync(app, 3), march);
    }

    [Fact]
    public async Task A_month_that_keeps_changing_under_a_write_stops_it_with_a_clear_error_before_its_days_and_a_rerun_writes_them()
    {
        using var app = await AppAsync();
        var writer = app.Services.GetRequiredService<ObservationWriter>();
        var rollupWriter = app.Services.GetRequiredService<MonthlyRollupWriter>();
        var store = app.Services.GetRequiredService<RollupStore>();

        // Another writer copies a day into March between every computing and writing of the roll-up.
        rollupWriter.BeforeRollupWriteForTests = (attempt, ct) => store.WriteMonthCopiesAsync(Days(3, 20 + attempt, 20 + attempt, "Other", _ => 1), ct);
        RollupWriteConflictException error;
        try
        {
            error = await Assert.ThrowsAsync<RollupWriteConflictException>(() => writer.WriteAsync(Visits, Days(3, 1, 15, "S", _ => 10), CancellationToken.None));
        }
        finally
        {
            rollupWriter.BeforeRollupWriteForTests = null;
        }

        var unwritten = await app.Metrics.GetObservationsAsync(Visits, null, null, CancellationToken.None);
        var rerun = await writer.WriteAsync(Visits, Days(3, 1, 15, "S", _ => 10), CancellationToken.None);

        Assert.Contains(Visits, error.Message, StringComparison.Ordinal);
        Assert.Contains($"{MonthlyRollupWriter.MaxAttempts} attempts", error.Message, StringComparison.Ordinal);
        Assert.Empty(unwritten);
        Assert.Equal(15, rerun.Added);
        Assert.Equal(15 + MonthlyRollupWriter.MaxAttempts, (await StoredRollupAsync(app, 3)).DaysWithData);
    }

    [Fact]
    public async Task A_writer_that_loses_the_insert_of_a_day_leaves_the_winners_figure_in_the_copies_and_the_rollup()
    {
        using var app = await AppAsync();
        var writer = app.Services.GetRequiredService<ObservationWriter>();
        var winnerHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loserCopied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<SeriesWriteResult>? winner = null;
        var calls = 0;

        // The winner copies its figure first and inserts it first; the loser copies its own in between, so its copy
        // is the later one, and its insert is refused.
        app.Metrics.BeforeSubmitForTests = async (_, ct) =>
        {
            switch (Interlocked.Increment(ref calls))
            {
                case 1:
                    winnerHeld.SetResult();
                    await loserCopied.Task.WaitAsync(ct);
                    break;
                case 2:
                    loserCopied.SetResult();
                    await winner!.WaitAsync(ct);
                    break;
            }
        };
        SeriesWriteResult lost;
        try
        {
            winner = Task.Run(() => writer.WriteAsync(Visits, Days(3, 10, 10, "Tracker", _ => 7), CancellationToken.None));
            await winnerHeld.Task;
            lost = await writer.WriteAsync(Visits, Days(3, 10, 10, "An article", _ => 9), CancellationToken.None);
            await winner;
        }
        finally
        {
            app.Metrics.BeforeSubmitForTests = null;
        }

        var copy = Assert.Single(await app.Services.GetRequiredService<RollupStore>().GetMonthCopiesAsync(BriefingMonth.Parse("2024-03"), CancellationToken.None));
        var march = await StoredRollupAsync(app, 3);
        Assert.Equal(1, lost.KeptFromOtherReporters);
        Assert.Equal((7m, "Tracker"), (copy.Value, copy.ReportedBy));
        Assert.Equal((7m, "Tracker"), (march.Value, march.ReportedBy));
        Assert.Equal(await ExpectedRollupAsync(app, 3), march);
    }

    [Fact]
    public async Task Days_stored_before_the_copies_still_count_when_a_new_day_recomputes_their_month()
    {
        using var app = await AppAsync();
        var writer = app.Services.GetRequiredService<ObservationWriter>();
        await writer.WriteAsync(Visits, Days(3, 1, 30, "S", _ => 10), CancellationToken.None);

        // As a version before the months table left it: the days stored, their month's copies missing.
        var table = new TableClient(azurite.ConnectionString, app.Storage.DaysTable);
        await table.DeleteEntityAsync("days|2024-03", Visits);

        await writer.WriteAsync(Visits, Days(3, 10, 10, "S", _ => 50), CancellationToken.None);
        var revised = await StoredRollupAsync(app, 3);
        await writer.WriteAsync(Visits, Days(4, 1, 1, "S", _ => 10), CancellationToken.None);
        var completed = await StoredRollupAsync(app, 3);

        Assert.Equal((340m, 30, true), (revised.Value, revised.DaysWithData, revised.Partial));
        Assert.Equal((340m, 30, false), (completed.Value, completed.DaysWithData, completed.Partial));
        Assert.Equal(await ExpectedRollupAsync(app, 3), completed);
    }

    [Fact]
    public async Task A_day_written_after_a_pause_of_whole_months_completes_the_last_month_before_the_pause()
    {
        using var app = await AppAsync();
        var writer = app.Services.GetRequiredService<ObservationWriter>();
        await writer.WriteAsync(Visits, Days(1, 1, 31, "S", _ => 10), CancellationToken.None);
        await writer.WriteAsync(Visits, Days(2, 1, 15, "S", _ => 10), CancellationToken.None);
        var paused = await StoredRollupAsync(app, 2);

        // Nothing in March or April: the collector was down. Its next day, in May, says February is over.
        await writer.WriteAsync(Visits, Days(5, 3, 3, "S", _ => 10), CancellationToken.None);
        var february = await StoredRollupAsync(app, 2);

        Assert.Equal((150m, 15, true), (paused.Value, paused.DaysWithData, paused.Partial));
        Assert.Equal((150m, 15, false), (february.Value, february.DaysWithData, february.Partial));
        Assert.Equal(await ExpectedRollupAsync(app, 2), february);
        Assert.False((await StoredRollupAsync(app, 1)).Partial);
        Assert.True((await StoredRollupAsync(app, 5)).Partial);
    }

    [Fact]
    public async Task A_change_written_without_a_level_after_a_month_completes_it()
    {
        using var app = await AppAsync();
        var writer = app.Services.GetRequiredService<ObservationWriter>();
        await writer.WriteAsync(Visits, Days(3, 1, 30, "S", _ => 10), CancellationToken.None);
        var before = await StoredRollupAsync(app, 3);

        // A source that reports the 1st of April as a change only: a figure after March all the same.
        var change = new Observation(Visits, Period.Day(new DateOnly(2024, 4, 1)), Measure.ChangePct, 2.5m, false, "S", "", At);
        await writer.WriteAsync(Visits, [change], CancellationToken.None);
        var after = await StoredRollupAsync(app, 3);

        Assert.Equal((300m, 30, true), (before.Value, before.DaysWithData, before.Partial));
        Assert.Equal((300m, 30, false), (after.Value, after.DaysWithData, after.Partial));
        Assert.Equal(await ExpectedRollupAsync(app, 3), after);
        Assert.Single(await app.Services.GetRequiredService<RollupStore>().GetAsync(Visits, null, null, CancellationToken.None));
    }

    private static async Task WriteInTheMiddleAsync(TestApp app, ObservationWriter writer, Observation[] first, Observation[] second)
    {
        var interfered = 0;
        app.Metrics.BeforeSubmitForTests = async (_, ct) =>
        {
            if (Interlocked.Increment(ref interfered) == 1)
            {
                await writer.WriteAsync(Visits, second, ct);
            }
        };
        try
        {
            await writer.WriteAsync(Visits, first, CancellationToken.None);
        }
        finally
        {
            app.Metrics.BeforeSubmitForTests = null;
        }

        Assert.Equal(2, interfered);
    }

    private static async Task WriteBeforeRollupAsync(TestApp app, ObservationWriter writer, Observation[] first, Observation[] second)
    {
        var rollupWriter = app.Services.GetRequiredService<MonthlyRollupWriter>();
        var interfered = 0;
        rollupWriter.BeforeRollupWriteForTests = async (_, ct) =>
        {
            if (Interlocked.Increment(ref interfered) == 1)
            {
                await writer.WriteAsync(Visits, second, ct);
            }
        };
        try
        {
            await writer.WriteAsync(Visits, first, CancellationToken.None);
        }
        finally
        {
            rollupWriter.BeforeRollupWriteForTests = null;
        }

        Assert.True(interfered >= 2);
    }

    private async Task<TestApp> AppAsync()
    {
        var app = new TestApp(azurite.ConnectionString);
        await app.Metrics.WriteSeriesAsync([new Series(Visits, SeriesCategory.Traffic, "X visits", "visits", Frequency.Daily, "S")], CancellationToken.None);
        return app;
    }

    private static Observation[] Days(int month, int from, int to, string reporter, Func<int, decimal> value) =>
        Enumerable.Range(from, to - from + 1)
            .Select(d => new Observation(Visits, Period.Day(new DateOnly(2024, month, d)), Measure.Level, value(d), false, reporter, "", At.AddDays(d)))
            .ToArray();

    private static async Task<MonthlyRollup> StoredRollupAsync(TestApp app, int month) =>
        Assert.Single(await app.Services.GetRequiredService<RollupStore>().GetAsync(Visits, null, null, CancellationToken.None), r => r.Month == Period.Month(2024, month));

    /// <summary>The roll-up the stored days make, as a rebuild from the observations computes it.</summary>
    private static async Task<MonthlyRollup?> ExpectedRollupAsync(TestApp app, int month)
    {
        var series = await app.Metrics.GetSeriesAsync(Visits, CancellationToken.None);
        var stored = await app.Metrics.GetObservationsAsync(Visits, null, null, CancellationToken.None);
        var period = Period.Month(2024, month);
        var complete = stored.Any(o => o.Period.End > period.End || (o.Period.End == period.End && o.Measure == Measure.Level && o.Period.Kind == PeriodKind.Day));
        return MonthlyRollup.FromDays(series!, period, stored, complete);
    }
}
