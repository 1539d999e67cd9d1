using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using LlmPulse.Metrics;

namespace LlmPulse.Storage;

/// <summary>
/// The compact text forms of the months table (see <see cref="RollupStore"/>): a figure of a daily series as one
/// property of its series' row in its month's partition, and a roll-up as one property of its series' row in its
/// year's partition. Each form keeps everything needed to rebuild the exact record, provenance included.
/// </summary>
/// <remarks>
/// A figure is <c>value|approximate|collected-at ticks|length of reported-by|reported-by note</c>: the value is
/// invariant text (its scale kept, so 27.0 stays 27.0), collected-at is UTC ticks (exact), and reported-by and note
/// are free text, so reported-by is counted and the note is the rest, with nothing to escape. Its period and measure
/// are the property's name: <c>D05</c> is the level of the 5th, <c>D05C</c> and <c>D05Y</c> its changes; a figure of
/// another period kind ending in the month (a daily series may hold one when written by a tool) is
/// <c>P2024_Q1</c> and so on. A roll-up is <c>rule|value|days|partial|last day|approximate|collected-at ticks|reported-by</c>.
/// </remarks>
internal static class PackedFigures
{
    /// <summary>
    /// A packed figure longer than this (a note of thousands of characters) is stored as <see cref="TooLong"/>:
    /// 31 days of three measures at this length stay well under Table Storage's 1 MB per entity and 64 KB per property.
    /// </summary>
    public const int MaxPackedLength = 4_000;

    /// <summary>The mark of a figure too long to copy: the reader reads that series' month from the observations.</summary>
    public const string TooLong = "~";

    public static string FigureProperty(Period period, Measure measure)
    {
        var name = period.Kind == PeriodKind.Day
            ? string.Create(CultureInfo.InvariantCulture, $"D{period.End.Day:D2}")
            : "P" + period.ToString().Replace('-', '_');
        return measure switch
        {
            Measure.Level => name,
            Measure.ChangePct => name + "C",
            Measure.YoyPct => name + "Y",
            _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "A measure without a packed name."),
        };
    }

    /// <summary>The period and measure a property of a month's row holds; false for any other property.</summary>
    public static bool TryParseFigureProperty(string name, DateOnly monthStart, out Period period, out Measure measure)
    {
        period = default;
        measure = Measure.Level;
        if (name.Length < 2 || name[0] is not ('D' or 'P'))
        {
            return false;
        }

        var body = name.AsSpan(1);
        switch (body[^1])
        {
            case 'C':
                measure = Measure.ChangePct;
                body = body[..^1];
                break;
            case 'Y':
                measure = Measure.YoyPct;
                body = body[..^1];
                break;
        }

        if (name[0] == 'D')
        {
            if (body.Length != 2 || !int.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day < 1 || day > DateTime.DaysInMonth(monthStart.Year, monthStart.Month))
            {
                return false;
            }

            period = Period.Day(new DateOnly(monthStart.Year, monthStart.Month, day));
            return true;
        }

        return Period.TryParse(body.ToString().Replace('_', '-'), out period);
    }

    public static string Pack(Observation o)
    {
        var packed = string.Create(
            CultureInfo.InvariantCulture,
            $"{o.Value}|{(o.Approximate ? 1 : 0)}|{o.CollectedAt.UtcTicks}|{o.ReportedBy.Length}|{o.ReportedBy}{o.Note}");
        return packed.Length > MaxPackedLength ? TooLong : packed;
    }

    public static bool TryUnpack(string seriesId, Period period, Measure measure, string packed, [NotNullWhen(true)] out Observation? observation)
    {
        // Read in place rather than split: a briefing unpacks every figure of the month of every daily series, and
        // splitting made five strings of each.
        observation = null;
        var rest = packed.AsSpan();
        if (!TryTakeField(ref rest, out var valueText)
            || !TryTakeField(ref rest, out var approximateText)
            || !TryTakeField(ref rest, out var ticksText)
            || !TryTakeField(ref rest, out var lengthText)
            || !decimal.TryParse(valueText, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            || approximateText is not ("0" or "1")
            || !long.TryParse(ticksText, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var reporterLength)
            || reporterLength > rest.Length)
        {
            return false;
        }

        observation = new Observation(seriesId, period, measure, value, approximateText is "1", rest[..reporterLength].ToString(), rest[reporterLength..].ToString(), new DateTimeOffset(ticks, TimeSpan.Zero));
        return true;
    }

    /// <summary>The text before the next '|', leaving the text after it; false when there is no '|'.</summary>
    private static bool TryTakeField(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> field)
    {
        var bar = rest.IndexOf('|');
        if (bar < 0)
        {
            field = default;
            return false;
        }

        field = rest[..bar];
        rest = rest[(bar + 1)..];
        return true;
    }

    public static string MonthProperty(Period month) => string.Create(CultureInfo.InvariantCulture, $"M{month.Start.Month:D2}");

    public static string Pack(MonthlyRollup r) => string.Create(
        CultureInfo.InvariantCulture,
        $"{r.Rule.ToText()}|{r.Value}|{r.DaysWithData}|{(r.Partial ? 1 : 0)}|{r.LastDay.Day}|{(r.Approximate ? 1 : 0)}|{r.CollectedAt.UtcTicks}|{r.ReportedBy}");

    /// <summary>The month a property of a year's roll-up row holds; false for any other property.</summary>
    public static bool TryParseMonthProperty(string name, int year, out Period month)
    {
        month = default;
        if (name.Length != 3 || name[0] != 'M' || !int.TryParse(name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m is < 1 or > 12)
        {
            return false;
        }

        month = Period.Month(year, m);
        return true;
    }

    public static MonthlyRollup UnpackRollup(string seriesId, Period month, string packed)
    {
        // Read in place rather than split, as figures are (a briefing unpacks every roll-up of every daily series).
        var rest = packed.AsSpan();
        return TryTakeField(ref rest, out var ruleText)
            && TryParseRule(ruleText, out var rule)
            && TryTakeField(ref rest, out var valueText)
            && decimal.TryParse(valueText, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            && TryTakeField(ref rest, out var daysText)
            && int.TryParse(daysText, NumberStyles.None, CultureInfo.InvariantCulture, out var days)
            && TryTakeField(ref rest, out var partialText)
            && partialText is "0" or "1"
            && TryTakeField(ref rest, out var lastDayText)
            && int.TryParse(lastDayText, NumberStyles.None, CultureInfo.InvariantCulture, out var lastDay) && lastDay >= 1 && lastDay <= month.End.Day
            && TryTakeField(ref rest, out var approximateText)
            && approximateText is "0" or "1"
            && TryTakeField(ref rest, out var ticksText)
            && long.TryParse(ticksText, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                ? new MonthlyRollup(seriesId, month, rule, value, days, partialText is "1", new DateOnly(month.Start.Year, month.Start.Month, lastDay), approximateText is "1", rest.ToString(), new DateTimeOffset(ticks, TimeSpan.Zero))
                : throw new InvalidDataException($"Stored roll-up of {seriesId} for {month} is malformed: '{packed}'.");
    }

    private static readonly MonthRule[] Rules = Enum.GetValues<MonthRule>();

    /// <summary>As <see cref="MetricNames.TryParseMonthRule"/>, on the text in place.</summary>
    private static bool TryParseRule(ReadOnlySpan<char> text, out MonthRule rule)
    {
        foreach (var candidate in Rules)
        {
            if (text.SequenceEqual(candidate.ToText()))
            {
                rule = candidate;
                return true;
            }
        }

        rule = default;
        return false;
    }
}
