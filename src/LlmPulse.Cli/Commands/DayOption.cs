using LlmPulse.Metrics;

namespace LlmPulse.Cli.Commands;

/// <summary>A --from or --to day: YYYY-MM-DD, or a month or year, meaning its first day (from) or last (to).</summary>
internal static class DayOption
{
    public static DateOnly? Parse(string? text, string name, bool end)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Period.TryParse(text.Trim(), out var period) && period.Kind is PeriodKind.Day or PeriodKind.Month or PeriodKind.Year
            ? (end ? period.End : period.Start)
            : throw new FormatException($"{name} '{text}' is not a day (YYYY-MM-DD), month (YYYY-MM) or year (YYYY).");
    }

    public static (DateOnly? From, DateOnly? To) Range(string? from, string? to)
    {
        var start = Parse(from, "--from", end: false);
        var end = Parse(to, "--to", end: true);
        return start is { } s && end is { } e && s > e
            ? throw new FormatException($"--from ({s:yyyy-MM-dd}) is after --to ({e:yyyy-MM-dd}).")
            : (start, end);
    }
}
