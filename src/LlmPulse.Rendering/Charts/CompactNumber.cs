using System.Globalization;

namespace LlmPulse.Rendering.Charts;

/// <summary>Short axis numbers a reader takes in at a glance: 1,818 / 250K / 1.5M / 1.5B.</summary>
internal static class CompactNumber
{
    public static string Format(double value)
    {
        var magnitude = Math.Abs(value);
        var (scaled, suffix) = magnitude switch
        {
            >= 1e12 => (value / 1e12, "T"),
            >= 1e9 => (value / 1e9, "B"),
            >= 1e6 => (value / 1e6, "M"),
            >= 1e5 => (value / 1e3, "K"),
            _ => (value, string.Empty),
        };

        // Hyphen-minus: the shipped font has no U+2212.
        var format = Math.Abs(scaled) >= 100 || suffix.Length == 0 && Math.Abs(scaled) >= 10 ? "#,##0.#" : "#,##0.##";
        var text = scaled.ToString(format, CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text + suffix;
    }
}
