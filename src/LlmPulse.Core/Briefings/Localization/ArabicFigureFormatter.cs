namespace LlmPulse.Briefings.Localization;

/// <summary>
/// Figures in Arabic with Western digits, as the seed article writes them: "1.5 مليار زيارة", "1,420 نقطة",
/// "140.71 دولارًا أمريكيًا", "حوالي 1,420 نقطة", "-21.9% (محسوب)".
/// </summary>
/// <remarks>
/// A figure with a sign or a percent sign is wrapped in a left-to-right isolate (U+2066 ... U+2069), as CLDR's
/// Arabic number symbols for Latin digits do with left-to-right marks: "-9.6%" then reads as one unit in a
/// right-to-left line instead of splitting into "%9.6-". The isolate controls are invisible: the renderer
/// draws nothing for them, and text extracted from the PDF does not contain them.
/// </remarks>
internal sealed class ArabicFigureFormatter : FigureFormatter
{
    public const char LeftToRightIsolate = '\u2066';
    public const char PopDirectionalIsolate = '\u2069';

    private static readonly (decimal Scale, string Word)[] Scales =
    [
        (1_000_000_000_000m, "تريليون"),
        (1_000_000_000m, "مليار"),
        (1_000_000m, "مليون"),
    ];

    public override string DerivedMark => "(محسوب)";

    protected override IReadOnlyList<(decimal Scale, string Word)> LargeScales => Scales;

    public override string Level(decimal value, string unit, bool approximate = false)
    {
        string text;
        if (unit == "percent")
        {
            text = Signed(Number(value) + "%");
        }
        else if (unit == "rank")
        {
            text = "المرتبة " + RankNumber(value);
        }
        else if (ArabicTexts.Units.TryGetValue(unit, out var noun))
        {
            // After a scale word the counted noun is singular ("1.5 مليار زيارة"); otherwise it agrees with the number.
            var (number, scale) = unit == "times" ? (Number(value), null) : CompactParts(value);
            text = scale is null ? $"{number} {noun.For(value)}" : $"{number} {scale} {noun.Singular}";
        }
        else
        {
            text = Compact(value) + " " + unit;
        }

        return approximate ? ApproximateMark + text : text;
    }

    public override string LevelInSentence(decimal value, string unit, bool approximate) =>
        (approximate ? "حوالي " : "") + Level(value, unit);

    private static readonly ArabicNoun Place = new("مركز", "مركزان", "مراكز", "مركزًا");

    /// <summary>
    /// "مركز واحد", "مركزين", "3 مراكز", "11 مركزًا", "2.5 مركز": places in the genitive, as every sentence and cell
    /// gives them (after "بمقدار" or "بفارق", or after "تقدّم" and "تراجع" as nouns).
    /// </summary>
    public override string Places(decimal places)
    {
        var n = Math.Abs(places);
        if (n != decimal.Truncate(n))
        {
            // A median's half place; after a preposition a fraction's noun is the genitive singular.
            return $"{PlacesNumber(places)} {Place.Singular}";
        }

        return n is 1 or 2 ? Place.CountAfterPreposition((int)n) : $"{PlacesNumber(places)} {Place.For(n)}";
    }

    public override string PercentPoints(decimal points) => PointsNumber(points) + " نقطة مئوية";

    public override string Date(DateOnly date) => ArabicTexts.DayMonthYear(date);

    protected override string Signed(string figure) => LeftToRightIsolate + figure + PopDirectionalIsolate;
}
