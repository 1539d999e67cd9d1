using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace LlmPulse.Briefings;

/// <summary>A calendar month a briefing covers, written YYYY-MM.</summary>
public readonly record struct BriefingMonth(int Year, int Month) : IComparable<BriefingMonth>
{
    public DateOnly FirstDay => new(Year, Month, 1);

    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);

    public BriefingMonth Previous => FromDate(FirstDay.AddMonths(-1));

    public BriefingMonth Next => FromDate(FirstDay.AddMonths(1));

    public static BriefingMonth FromDate(DateOnly date) => new(date.Year, date.Month);

    /// <summary>Parses exactly "YYYY-MM" with a year from 1900 to 9999 and a month from 01 to 12.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out BriefingMonth month)
    {
        month = default;
        if (text is null || text.Length != 7 || text[4] != '-')
        {
            return false;
        }

        if (!int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m))
        {
            return false;
        }

        if (year < 1900 || m is < 1 or > 12)
        {
            return false;
        }

        month = new BriefingMonth(year, m);
        return true;
    }

    public static BriefingMonth Parse(string text) =>
        TryParse(text, out var month)
            ? month
            : throw new FormatException($"'{(text.Length <= 40 ? text : text[..40] + "…")}' is not a month: expected YYYY-MM, for example 2023-07.");

    public int CompareTo(BriefingMonth other) => FirstDay.CompareTo(other.FirstDay);

    public static bool operator <(BriefingMonth a, BriefingMonth b) => a.CompareTo(b) < 0;

    public static bool operator >(BriefingMonth a, BriefingMonth b) => a.CompareTo(b) > 0;

    public static bool operator <=(BriefingMonth a, BriefingMonth b) => a.CompareTo(b) <= 0;

    public static bool operator >=(BriefingMonth a, BriefingMonth b) => a.CompareTo(b) >= 0;

    /// <summary>"July 2023".</summary>
    public string DisplayName => FirstDay.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");
}
