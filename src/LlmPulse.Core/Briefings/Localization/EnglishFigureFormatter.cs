using System.Globalization;

namespace LlmPulse.Briefings.Localization;

/// <summary>Figures in English: "1.5 billion visits", "USD 140.71", "about 1,420 points", "-21.9% (derived)".</summary>
internal sealed class EnglishFigureFormatter : FigureFormatter
{
    private static readonly (decimal Scale, string Word)[] Scales =
    [
        (1_000_000_000_000m, "trillion"),
        (1_000_000_000m, "billion"),
        (1_000_000m, "million"),
    ];

    public override string DerivedMark => "(derived)";

    public override string DerivedInSentence => "derived";

    protected override IReadOnlyList<(decimal Scale, string Word)> LargeScales => Scales;

    public override string Level(decimal value, string unit, bool approximate = false)
    {
        var text = unit switch
        {
            "percent" => Number(value) + "%",
            "rank" => Rank(value),
            "times" => Number(value) + "x",
            "USD" or "CNY" or "EUR" => unit + " " + Compact(value),
            _ => Compact(value) + " " + unit,
        };
        return approximate ? ApproximateMark + text : text;
    }

    public override string LevelInSentence(decimal value, string unit, bool approximate) =>
        (approximate ? "about " : "") + Level(value, unit);

    public override string Places(decimal places) => PlacesNumber(places) + (Math.Abs(places) == 1 ? " place" : " places");

    public override string PercentPoints(decimal points) => PointsNumber(points) + " points";

    /// <summary>"7th", "22nd", "No. 69.5" for a median between two places.</summary>
    private static string Rank(decimal rank)
    {
        if (rank != decimal.Truncate(rank))
        {
            return "No. " + RankNumber(rank);
        }

        var n = (long)rank;
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return RankNumber(rank) + suffix;
    }

    public override string Date(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
