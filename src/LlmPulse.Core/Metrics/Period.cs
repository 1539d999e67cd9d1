using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace LlmPulse.Metrics;

public enum PeriodKind
{
    Day,
    Month,
    Quarter,
    Half,
    Year,
}

/// <summary>
/// The time an observation covers: <c>YYYY-MM-DD</c>, <c>YYYY-MM</c>, <c>YYYY-Qn</c>, <c>YYYY-Hn</c> or <c>YYYY</c>.
/// Ordered by end date, since "as of a date" means "periods that have ended by then".
/// </summary>
public readonly record struct Period : IComparable<Period>
{
    private Period(PeriodKind kind, DateOnly start, DateOnly end)
    {
        Kind = kind;
        Start = start;
        End = end;
    }

    public PeriodKind Kind { get; }

    public DateOnly Start { get; }

    public DateOnly End { get; }

    public static Period Day(DateOnly date) => new(PeriodKind.Day, date, date);

    public static Period Month(int year, int month)
    {
        var start = new DateOnly(year, month, 1);
        return new(PeriodKind.Month, start, start.AddMonths(1).AddDays(-1));
    }

    public static Period Quarter(int year, int quarter)
    {
        var start = new DateOnly(year, ((quarter - 1) * 3) + 1, 1);
        return new(PeriodKind.Quarter, start, start.AddMonths(3).AddDays(-1));
    }

    public static Period Half(int year, int half)
    {
        var start = new DateOnly(year, ((half - 1) * 6) + 1, 1);
        return new(PeriodKind.Half, start, start.AddMonths(6).AddDays(-1));
    }

    public static Period Year(int year) => new(PeriodKind.Year, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));

    /// <summary>The period of the same kind just before this one.</summary>
    public Period Previous => Kind switch
    {
        PeriodKind.Day => Day(Start.AddDays(-1)),
        PeriodKind.Month => FromStart(PeriodKind.Month, Start.AddMonths(-1)),
        PeriodKind.Quarter => FromStart(PeriodKind.Quarter, Start.AddMonths(-3)),
        PeriodKind.Half => FromStart(PeriodKind.Half, Start.AddMonths(-6)),
        PeriodKind.Year => Year(Start.Year - 1),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>True when a series of this frequency may hold an observation for this period.</summary>
    public bool Fits(Frequency frequency) => frequency switch
    {
        Frequency.Daily => Kind == PeriodKind.Day,
        Frequency.Monthly => Kind == PeriodKind.Month,
        Frequency.Quarterly => Kind == PeriodKind.Quarter,
        Frequency.HalfYearly => Kind == PeriodKind.Half,
        Frequency.Annual => Kind == PeriodKind.Year,
        Frequency.Irregular => true,
        _ => false,
    };

    /// <summary>The form a period of each frequency takes, for error messages.</summary>
    public static string ExpectedForm(Frequency frequency) => frequency switch
    {
        Frequency.Daily => "a day, YYYY-MM-DD",
        Frequency.Monthly => "a month, YYYY-MM",
        Frequency.Quarterly => "a quarter, YYYY-Qn",
        Frequency.HalfYearly => "a half year, YYYY-Hn",
        Frequency.Annual => "a year, YYYY",
        _ => "YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY",
    };

    public static bool TryParse([NotNullWhen(true)] string? text, out Period period)
    {
        period = default;
        if (string.IsNullOrEmpty(text) || !TryYear(text, out var year))
        {
            return false;
        }

        switch (text.Length)
        {
            case 4:
                period = Year(year);
                return true;
            case 7 when text[4] == '-' && (text[5] == 'Q' || text[5] == 'H'):
                var n = text[6] - '0';
                if (text[5] == 'Q' && n is >= 1 and <= 4)
                {
                    period = Quarter(year, n);
                    return true;
                }

                if (text[5] == 'H' && n is 1 or 2)
                {
                    period = Half(year, n);
                    return true;
                }

                return false;
            case 7 when text[4] == '-' && TryTwoDigits(text, 5, out var month) && month is >= 1 and <= 12:
                period = Month(year, month);
                return true;
            case 10 when DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day):
                period = Day(day);
                return true;
            default:
                return false;
        }
    }

    public static Period Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"'{text}' is not a period.");

    public int CompareTo(Period other)
    {
        var byEnd = End.CompareTo(other.End);
        return byEnd != 0 ? byEnd : other.Start.CompareTo(Start);
    }

    /// <summary>How a reader reads it: "20 Jun 2023", "Jul 2023", "2023 Q2", "2023 H1", "2023".</summary>
    public string DisplayName => Kind switch
    {
        PeriodKind.Day => Start.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
        PeriodKind.Month => Start.ToString("MMM yyyy", CultureInfo.InvariantCulture),
        PeriodKind.Quarter => string.Create(CultureInfo.InvariantCulture, $"{Start.Year} Q{((Start.Month - 1) / 3) + 1}"),
        PeriodKind.Half => string.Create(CultureInfo.InvariantCulture, $"{Start.Year} H{((Start.Month - 1) / 6) + 1}"),
        _ => Start.Year.ToString(CultureInfo.InvariantCulture),
    };

    public override string ToString() => Kind switch
    {
        PeriodKind.Day => Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        PeriodKind.Month => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        PeriodKind.Quarter => string.Create(CultureInfo.InvariantCulture, $"{Start.Year:D4}-Q{((Start.Month - 1) / 3) + 1}"),
        PeriodKind.Half => string.Create(CultureInfo.InvariantCulture, $"{Start.Year:D4}-H{((Start.Month - 1) / 6) + 1}"),
        _ => Start.Year.ToString("D4", CultureInfo.InvariantCulture),
    };

    private static Period FromStart(PeriodKind kind, DateOnly start) => kind switch
    {
        PeriodKind.Month => Month(start.Year, start.Month),
        PeriodKind.Quarter => Quarter(start.Year, ((start.Month - 1) / 3) + 1),
        _ => Half(start.Year, ((start.Month - 1) / 6) + 1),
    };

    private static bool TryYear(string text, out int year)
    {
        year = 0;
        return text.Length >= 4
            && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out year)
            && year >= 1900;
    }

    private static bool TryTwoDigits(string text, int index, out int value) =>
        int.TryParse(text.AsSpan(index, 2), NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
