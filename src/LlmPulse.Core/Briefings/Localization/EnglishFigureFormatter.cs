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
            "times" => Number(value) + "x",
            "USD" or "CNY" or "EUR" => unit + " " + Compact(value),
            _ => Compact(value) + " " + unit,
        };
        return approximate ? ApproximateMark + text : text;
    }

    public override string LevelInSentence(decimal value, string unit, bool approximate) =>
        (approximate ? "about " : "") + Level(value, unit);

    public override string Date(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
