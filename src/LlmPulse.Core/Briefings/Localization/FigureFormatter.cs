using System.Globalization;

namespace LlmPulse.Briefings.Localization;

/// <summary>
/// How figures read in one language. The rules are the same in every language (reported figures keep the
/// precision they were reported with, up to four significant digits when written with a scale word ("172.3
/// million"), derived percentages get one decimal, digits are Western: 0-9 with "."
/// for decimals and "," for thousands); the words around them (scales, units, "about", the derived mark) and
/// the way a sign and a percent sign sit in a line differ.
/// </summary>
public abstract class FigureFormatter
{
    /// <summary>"~" rather than "≈": the shipped Noto Sans has no U+2248, and a mark must print as it reads.</summary>
    public const string ApproximateMark = "~";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static FigureFormatter English { get; } = new EnglishFigureFormatter();

    public static FigureFormatter Arabic { get; } = new ArabicFigureFormatter();

    public static FigureFormatter For(BriefingLanguage language) => language == BriefingLanguage.Arabic ? Arabic : English;

    /// <summary>Follows a derived figure: "(derived)".</summary>
    public abstract string DerivedMark { get; }

    /// <summary>The derived mark as a finding sentence says it, where the mark's own brackets would nest.</summary>
    public virtual string DerivedInSentence => DerivedMark;

    /// <summary>Scale words from the largest down: trillion, billion, million.</summary>
    protected abstract IReadOnlyList<(decimal Scale, string Word)> LargeScales { get; }

    /// <summary>A level with its unit: "1.5 billion visits", "1,818.68 points", "27%", "USD 140.71".</summary>
    public abstract string Level(decimal value, string unit, bool approximate = false);

    /// <summary>A level as a sentence says it: "about 1,420 points" when the source gives it as approximate.</summary>
    public abstract string LevelInSentence(decimal value, string unit, bool approximate);

    /// <summary>A level without its unit, for tables with a unit in the header.</summary>
    public virtual string LevelValue(decimal value, string unit, bool approximate = false)
    {
        var text = unit == "percent" ? Signed(Number(value) + "%") : Compact(value);
        return approximate ? ApproximateMark + text : text;
    }

    /// <summary>A signed percentage change: reported ones as reported ("-9.7%", "+4%"), derived with one decimal.</summary>
    public string Change(decimal percent, FigureOrigin origin, bool approximate = false)
    {
        var magnitude = Magnitude(percent, origin);
        var sign = magnitude.Trim('0', '.', ',', '%').Length == 0 ? "" : percent > 0 ? "+" : percent < 0 ? "-" : "";
        return (approximate ? ApproximateMark : "") + Signed(sign + magnitude);
    }

    /// <summary>A change as it reads in a table cell: "-9.6%" or "-21.1% (derived)".</summary>
    public string ChangeCell(PeriodChange change) =>
        Change(change.Percent, change.Origin, change.Approximate) + (change.Origin == FigureOrigin.Derived ? " " + DerivedMark : "");

    /// <summary>The size of a change without its sign ("9.6%"), for sentences that say "fell" or "rose".</summary>
    public string ChangeMagnitude(decimal percent, FigureOrigin origin) => Signed(Magnitude(percent, origin));

    /// <summary>An absolute percentage with one decimal, for derived magnitudes in sentences ("21.9%").</summary>
    public string DerivedMagnitude(decimal percent) => Signed(Magnitude(percent, FigureOrigin.Derived));

    /// <summary>"1,818.68", "1,220", "27.0": grouped thousands, the scale the value was reported with.</summary>
    public static string Number(decimal value)
    {
        var decimals = value.Scale;
        return value.ToString("N" + decimals.ToString(Invariant), Invariant);
    }

    /// <summary>
    /// Millions and more as words with at most four significant digits ("1.5 billion", "33.42 million", "172.3
    /// million" for 172,273,350), smaller values as <see cref="Number"/>.
    /// </summary>
    public string Compact(decimal value)
    {
        var (number, word) = CompactParts(value);
        return word is null ? number : number + " " + word;
    }

    /// <summary>A move of a rank without its sign: "3 places", "1 place".</summary>
    public abstract string Places(decimal places);

    /// <summary>A move of a share without its sign, in percentage points with one decimal: "2.1 points".</summary>
    public abstract string PercentPoints(decimal points);

    /// <summary>A signed move in percentage points, for tables: "-2.1 points".</summary>
    public string SignedPercentPoints(decimal points) =>
        Signed((points > 0 ? "+" : points < 0 ? "-" : "") + PercentPoints(points));

    /// <summary>The size of a move in places: whole places as whole numbers, a median's half place as .5.</summary>
    protected static string PlacesNumber(decimal places) =>
        Math.Abs(places).ToString(places == decimal.Truncate(places) ? "#,##0" : "#,##0.0", Invariant);

    protected static string PointsNumber(decimal points) =>
        Math.Round(Math.Abs(points), 1, MidpointRounding.AwayFromZero).ToString("#,##0.0", Invariant);

    /// <summary>A rank with its place as a whole number when it is one ("7"), else with its half (a median of two days).</summary>
    protected static string RankNumber(decimal rank) =>
        rank == decimal.Truncate(rank) ? decimal.Truncate(rank).ToString("#,##0", Invariant) : rank.ToString("#,##0.0", Invariant);

    /// <summary>A day as a table or sentence gives it: "20 Jun 2023".</summary>
    public abstract string Date(DateOnly date);

    /// <summary>
    /// Wraps a figure that carries a sign or a percent sign so it reads as one left-to-right unit inside any
    /// line (the identity in left-to-right languages).
    /// </summary>
    protected virtual string Signed(string figure) => figure;

    /// <summary>Most significant digits a figure written with a scale word shows: "172.3 million", "1.874 billion".</summary>
    public const int ScaledSignificantDigits = 4;

    /// <summary>
    /// The number and, for millions and more, the scale word ("1.5", "billion"). A scaled figure shows at most
    /// <see cref="ScaledSignificantDigits"/> significant digits: a month's total of daily visits (172,273,350) or a
    /// panel's count to the visit (40,071,002) is an exact sum, not a precision a reader can use, and in words it
    /// would read "172.27335 million". A figure reported round ("33.42 million", "1.9 billion") has no more
    /// digits than that and reads as reported.
    /// </summary>
    protected (string Number, string? Word) CompactParts(decimal value)
    {
        if (LargeScales.Count > 0 && Math.Abs(value) >= LargeScales[^1].Scale)
        {
            // Rounded before the scale is chosen, so 999.96 million reads "1 billion", not "1000 million".
            value = RoundSignificant(value, ScaledSignificantDigits);
        }

        foreach (var (scale, word) in LargeScales)
        {
            if (Math.Abs(value) >= scale)
            {
                // Dividing a decimal keeps trailing zeros (1.500); the reported precision is in the digits, not in them.
                return (Number(Normalize(value / scale)), word);
            }
        }

        return (Number(value), null);
    }

    /// <summary>Rounds half away from zero to <paramref name="digits"/> significant digits, keeping the digits' own scale.</summary>
    private static decimal RoundSignificant(decimal value, int digits)
    {
        var magnitude = Math.Abs(value);
        var wholeDigits = 0;
        for (var m = decimal.Truncate(magnitude); m >= 1; m = decimal.Truncate(m / 10))
        {
            wholeDigits++;
        }

        if (wholeDigits <= digits)
        {
            return Math.Round(value, digits - wholeDigits, MidpointRounding.AwayFromZero);
        }

        var unit = 1m;
        for (var i = 0; i < wholeDigits - digits; i++)
        {
            unit *= 10;
        }

        return Math.Round(value / unit, 0, MidpointRounding.AwayFromZero) * unit;
    }

    private static string Magnitude(decimal percent, FigureOrigin origin) =>
        origin == FigureOrigin.Derived
            ? Math.Round(Math.Abs(percent), 1, MidpointRounding.AwayFromZero).ToString("#,##0.0", Invariant) + "%"
            : Number(Math.Abs(percent)) + "%";

    /// <summary>Drops trailing zeros that arithmetic added (1.500 becomes 1.5).</summary>
    private static decimal Normalize(decimal value) => value / 1.0000000000000000000000000000m;
}
