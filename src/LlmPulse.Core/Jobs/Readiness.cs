using System.Globalization;
using LlmPulse.Briefings;
using LlmPulse.Collectors;
using LlmPulse.Metrics;
using LlmPulse.Storage;
using Microsoft.Extensions.Options;

namespace LlmPulse.Jobs;

/// <summary>One series a month's briefing waits for, and whether its figure for the month is in.</summary>
public sealed record ExpectedSeries(string SeriesId, string Source, Frequency Frequency, int PublicationLagDays, DateOnly ExpectedBy, bool Present);

/// <summary>
/// Whether a month's briefing is due at a moment: when every expected series has its figure for the month, or at
/// the deadline, whichever comes first. <see cref="Reason"/> says which, in words.
/// </summary>
public sealed record MonthReadiness(BriefingMonth Month, DateTimeOffset AsOf, DateTimeOffset Deadline, bool Finished, bool Due, string Reason, IReadOnlyList<ExpectedSeries> Expected)
{
    public IReadOnlyList<string> Missing => Expected.Where(e => !e.Present).Select(e => e.SeriesId).ToArray();
}

/// <summary>
/// Decides when a month's briefing is due. Expected series come from the collector configuration: the enabled
/// series of the enabled (and not skipped) sources that publish at least monthly. Series that only come from
/// imports are never waited for. A daily series has its month's figure once it has one for one of the month's last
/// seven days (markets close at weekends and holidays).
/// </summary>
public sealed class Readiness(SourceCatalog catalog, MetricStore metrics, IOptions<BriefingOptions> options)
{
    /// <summary>The last days of a month in which a daily series' figure counts as its month's closing figure.</summary>
    public const int DailyCloseWindowDays = 7;

    /// <summary>The series the collector configuration promises for every month.</summary>
    public IReadOnlyList<(ConfiguredSource Source, ConfiguredSeries Series)> ExpectedSeries() =>
        catalog.Sources
            .Where(s => s.SkipReason is null && s.Problems.Count == 0)
            .SelectMany(s => s.Series.Select(series => (s, series)))
            .Where(p => p.series.Definition.Frequency is Frequency.Monthly or Frequency.Daily)
            .ToArray();

    /// <summary>When a month's briefing is rendered at the latest, with or without every expected series.</summary>
    public DateTimeOffset DeadlineOf(BriefingMonth month) => Deadline.Parse(options.Value.Deadline).For(month);

    public async Task<MonthReadiness> CheckAsync(BriefingMonth month, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var deadline = DeadlineOf(month);
        var finished = asOf >= new DateTimeOffset(month.Next.FirstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var expected = ExpectedSeries();
        var figures = await metrics.GetMonthObservationsAsync(expected.Select(e => e.Series.Id), month, cancellationToken).ConfigureAwait(false);
        var series = expected
            .Select(e => new ExpectedSeries(
                e.Series.Id,
                e.Source.Id,
                e.Series.Definition.Frequency,
                e.Source.PublicationLagDays,
                month.LastDay.AddDays(e.Source.PublicationLagDays),
                figures[e.Series.Id].Any(o => HasMonthFigure(e.Series.Definition.Frequency, o, month))))
            .ToArray();

        var missing = series.Where(s => !s.Present).Select(s => s.SeriesId).ToArray();
        string reason;
        bool due;
        if (!finished)
        {
            (due, reason) = (false, $"{month} has not ended; its briefing is due once every expected series has its figure, or at {Text(deadline)} at the latest");
        }
        else if (missing.Length == 0)
        {
            (due, reason) = (true, series.Length == 0 ? "the month has ended and no collected series is expected" : $"every expected series ({series.Length}) has its figure for {month}");
        }
        else if (asOf >= deadline)
        {
            (due, reason) = (true, $"the deadline {Text(deadline)} has passed; still missing: {string.Join(", ", missing)}");
        }
        else
        {
            (due, reason) = (false, $"waiting for {string.Join(", ", missing)} until {Text(deadline)} at the latest");
        }

        return new MonthReadiness(month, asOf, deadline, finished, due, reason, series);
    }

    private static bool HasMonthFigure(Frequency frequency, Observation observation, BriefingMonth month) =>
        frequency == Frequency.Daily
            ? observation.Period.End >= month.LastDay.AddDays(1 - DailyCloseWindowDays)
            : observation.Period.End <= month.LastDay && observation.Period.End >= month.FirstDay;

    private static string Text(DateTimeOffset moment) => moment.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}

/// <summary>
/// <c>Briefings:Deadline</c>: the day of the following month and the UTC time by which a month's briefing is
/// rendered whatever is missing, written <c>DD HH:mm</c>; <c>15 07:00</c> by default.
/// </summary>
public readonly record struct Deadline(int Day, TimeOnly Time)
{
    public const string Default = "15 07:00";

    public static Deadline Parse(string? text)
    {
        var parts = (text ?? "").Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day is >= 1 and <= 28
            && TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return new Deadline(day, time);
        }

        throw new FormatException($"The {BriefingOptions.SectionName}:Deadline setting '{text}' is not a day of the month (1 to 28) and a UTC time, like '{Default}'.");
    }

    /// <summary>The moment for a month: that day and time of the month after it.</summary>
    public DateTimeOffset For(BriefingMonth month) =>
        new(month.Next.FirstDay.AddDays(Day - 1).ToDateTime(Time), TimeSpan.Zero);
}
