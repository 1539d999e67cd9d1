namespace LlmPulse.Metrics;

/// <summary>
/// A from/to pair of days as users write them: YYYY-MM-DD, or a month or year meaning its first day (from) or its
/// last (to). Shared by the command line's --from/--to and the HTTP API's ?from=&amp;to=.
/// </summary>
public static class DayRange
{
    public static DateOnly? Parse(string? text, string name, bool end)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Period.TryParse(text.Trim(), out var period) && period.Kind is PeriodKind.Day or PeriodKind.Month or PeriodKind.Year
            ? (end ? period.End : period.Start)
            : throw new FormatException($"{name} '{Shorten(text)}' is not a day (YYYY-MM-DD), month (YYYY-MM) or year (YYYY).");
    }

    /// <summary>Parses both ends; a range that ends before it starts, or is longer than <paramref name="maxDays"/>, is refused.</summary>
    public static (DateOnly? From, DateOnly? To) Parse(string? from, string? to, string fromName = "--from", string toName = "--to", int? maxDays = null)
    {
        var start = Parse(from, fromName, end: false);
        var end = Parse(to, toName, end: true);
        if (start is { } s && end is { } e)
        {
            if (s > e)
            {
                throw new FormatException($"{fromName} ({s:yyyy-MM-dd}) is after {toName} ({e:yyyy-MM-dd}).");
            }

            if (maxDays is { } max && e.DayNumber - s.DayNumber + 1 > max)
            {
                throw new FormatException($"{fromName} to {toName} spans {e.DayNumber - s.DayNumber + 1} days; at most {max} are served at once.");
            }
        }

        return (start, end);
    }

    // The text may come from a URL: echo only a little of it.
    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
