using System.Globalization;

namespace LlmPulse.Briefings;

/// <summary>
/// How figures read in a briefing. Reported figures keep the precision they were reported with; derived
/// percentages get one decimal.
/// </summary>
public static class FigureFormat
{
    // "~" rather than "≈": the shipped Noto Sans has no U+2248, and a mark must print as it reads.
    public const string ApproximateMark = "~";
    public const string DerivedMark = "(derived)";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly (decimal Scale, string Word)[] LargeScales =
    [
        (1_000_000_000_000m, "trillion"),
        (1_000_000_000m, "billion"),
        (1_000_000m, "million"),
    ];

    /// <summary>A level with its unit: "1.5 billion visits", "1,818.68 points", "27%", "USD 140.71".</summary>
    public static string Level(decimal value, string unit, bool approximate = false)
    {
        var text = unit switch
        {
            "percent" => Number(value) + "%",
            "times" => Number(value) + "x",
            "USD" or "CNY" or "EUR" => unit + " " + Compact(value),
            _ => Compact(value) + " " + unit,
        };
        return approximate ? ApproximateMark + text : text;
    }

    /// <summary>A level as a sentence says it: "about 1,420 points" when the source gives it as approximate.</summary>
    public static string LevelInSentence(decimal value, string unit, bool approximate) =>
        (approximate ? "about " : "") + Level(value, unit);

    /// <summary>A level without its unit, for tables with a unit in the header.</summary>
    public static string LevelValue(decimal value, string unit, bool approximate = false)
    {
        var text = unit == "percent" ? Number(value) + "%" : Compact(value);
        return approximate ? ApproximateMark + text : text;
    }

    /// <summary>A signed percentage change: reported ones as reported ("-9.7%", "+4%"), derived with one decimal.</summary>
    public static string Change(decimal percent, FigureOrigin origin, bool approximate = false)
    {
        var magnitude = ChangeMagnitude(percent, origin);
        var sign = magnitude.Trim('0', '.', ',', '%').Length == 0 ? "" : percent > 0 ? "+" : percent < 0 ? "-" : "";
        return (approximate ? ApproximateMark : "") + sign + magnitude;
    }

    /// <summary>A change as it reads in a table cell: "-9.6%" or "-21.1% (derived)".</summary>
    public static string ChangeCell(PeriodChange change) =>
        Change(change.Percent, change.Origin, change.Approximate) + (change.Origin == FigureOrigin.Derived ? " " + DerivedMark : "");

    /// <summary>The size of a change without its sign ("9.6%"), for sentences that say "fell" or "rose".</summary>
    public static string ChangeMagnitude(decimal percent, FigureOrigin origin) =>
        origin == FigureOrigin.Derived ? DerivedMagnitude(percent) : Number(Math.Abs(percent)) + "%";

    /// <summary>An absolute percentage with one decimal, for derived magnitudes in sentences ("21.9%").</summary>
    public static string DerivedMagnitude(decimal percent) =>
        Math.Round(Math.Abs(percent), 1, MidpointRounding.AwayFromZero).ToString("#,##0.0", Invariant) + "%";

    /// <summary>"1,818.68", "1,220", "27.0": grouped thousands, the scale the value was reported with.</summary>
    public static string Number(decimal value)
    {
        var decimals = value.Scale;
        return value.ToString("N" + decimals.ToString(Invariant), Invariant);
    }

    /// <summary>Millions and more as words ("1.5 billion", "33.42 million"), smaller values as <see cref="Number"/>.</summary>
    public static string Compact(decimal value)
    {
        foreach (var (scale, word) in LargeScales)
        {
            if (Math.Abs(value) >= scale)
            {
                // Dividing a decimal keeps trailing zeros (1.500); the reported precision is in the digits, not in them.
                var scaled = Normalize(value / scale);
                return Number(scaled) + " " + word;
            }
        }

        return Number(value);
    }

    /// <summary>Drops trailing zeros that arithmetic added (1.500 becomes 1.5).</summary>
    private static decimal Normalize(decimal value) => value / 1.0000000000000000000000000000m;

    public static string Date(DateOnly date) => date.ToString("d MMM yyyy", Invariant);

    public static string DateTime(DateTimeOffset time) => time.UtcDateTime.ToString("d MMM yyyy, HH:mm 'UTC'", Invariant);
}
