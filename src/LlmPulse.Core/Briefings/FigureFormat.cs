using System.Globalization;
using LlmPulse.Briefings.Localization;

namespace LlmPulse.Briefings;

/// <summary>
/// How figures read in an English briefing. Reported figures keep the precision they were reported with;
/// derived percentages get one decimal. The same rules in other languages: <see cref="FigureFormatter.For"/>.
/// </summary>
public static class FigureFormat
{
    // "~" rather than "≈": the shipped Noto Sans has no U+2248, and a mark must print as it reads.
    public const string ApproximateMark = FigureFormatter.ApproximateMark;
    public const string DerivedMark = "(derived)";

    private static FigureFormatter English => FigureFormatter.English;

    /// <summary>A level with its unit: "1.5 billion visits", "1,818.68 points", "27%", "USD 140.71".</summary>
    public static string Level(decimal value, string unit, bool approximate = false) => English.Level(value, unit, approximate);

    /// <summary>A level as a sentence says it: "about 1,420 points" when the source gives it as approximate.</summary>
    public static string LevelInSentence(decimal value, string unit, bool approximate) => English.LevelInSentence(value, unit, approximate);

    /// <summary>A level without its unit, for tables with a unit in the header.</summary>
    public static string LevelValue(decimal value, string unit, bool approximate = false) => English.LevelValue(value, unit, approximate);

    /// <summary>A signed percentage change: reported ones as reported ("-9.7%", "+4%"), derived with one decimal.</summary>
    public static string Change(decimal percent, FigureOrigin origin, bool approximate = false) => English.Change(percent, origin, approximate);

    /// <summary>A change as it reads in a table cell: "-9.6%" or "-21.1% (derived)".</summary>
    public static string ChangeCell(PeriodChange change) => English.ChangeCell(change);

    /// <summary>The size of a change without its sign ("9.6%"), for sentences that say "fell" or "rose".</summary>
    public static string ChangeMagnitude(decimal percent, FigureOrigin origin) => English.ChangeMagnitude(percent, origin);

    /// <summary>An absolute percentage with one decimal, for derived magnitudes in sentences ("21.9%").</summary>
    public static string DerivedMagnitude(decimal percent) => English.DerivedMagnitude(percent);

    /// <summary>"1,818.68", "1,220", "27.0": grouped thousands, the scale the value was reported with.</summary>
    public static string Number(decimal value) => FigureFormatter.Number(value);

    /// <summary>Millions and more as words, at most four significant digits ("1.5 billion", "172.3 million"), smaller values as <see cref="Number"/>.</summary>
    public static string Compact(decimal value) => English.Compact(value);

    public static string Date(DateOnly date) => English.Date(date);

    public static string DateTime(DateTimeOffset time) => time.UtcDateTime.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
