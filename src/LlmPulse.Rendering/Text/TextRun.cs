using System.Text;
using SkiaSharp;

namespace LlmPulse.Rendering.Text;

/// <summary>
/// The one place that measures and draws a single line of text. Everything in a briefing, including chart
/// labels handed to ScottPlot, passes through here, so shaping (HarfBuzz) and bidi can later be added once.
/// </summary>
internal static class TextRun
{
    // The 2020 Noto Sans has no glyph for these; a plain equivalent reads better than an empty box and stays
    // searchable in the extracted text.
    private static readonly Dictionary<char, string> Substitutes = new()
    {
        ['\u2212'] = "-",   // minus sign
        ['\u2248'] = "~",   // almost equal to
        ['\u2264'] = "<=",
        ['\u2265'] = ">=",
        ['\u2190'] = "<-",
        ['\u2192'] = "->",
        ['\u2194'] = "<->",
        ['\u2191'] = "+",   // up arrow, as used before a rise
        ['\u2193'] = "-",
        ['\u25B2'] = "+",   // up triangle
        ['\u25BC'] = "-",
    };

    public static float Measure(string text, TextStyle style) =>
        text.Length == 0 ? 0f : style.Font.MeasureText(Displayable(text, style.Typeface));

    public static void Draw(SKCanvas canvas, string text, float x, float baseline, TextStyle style, SKTextAlign align = SKTextAlign.Left)
    {
        if (text.Length == 0)
        {
            return;
        }

        canvas.DrawText(Displayable(text, style.Typeface), x, baseline, align, style.Font, style.Paint);
    }

    /// <summary>Replaces characters the typeface cannot draw with plain equivalents.</summary>
    public static string Displayable(string text, SKTypeface typeface)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];

            // Basic Latin and Latin-1 are always in the subset; checking them would cost a native call per letter.
            var substitute = c > '\u00FF' && Substitutes.TryGetValue(c, out var plain) && !typeface.ContainsGlyph(c)
                ? plain
                : null;
            if (substitute is null)
            {
                builder?.Append(c);
                continue;
            }

            builder ??= new StringBuilder(text.Length + 4).Append(text, 0, i);
            builder.Append(substitute);
        }

        return builder?.ToString() ?? text;
    }
}
