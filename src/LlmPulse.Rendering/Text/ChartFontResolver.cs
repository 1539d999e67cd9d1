using ScottPlot;
using SkiaSharp;

namespace LlmPulse.Rendering.Text;

/// <summary>
/// Hands ScottPlot the same typeface instances the rest of the document uses, so chart text is drawn even
/// without system fonts and the PDF embeds each font once.
/// </summary>
internal sealed class ChartFontResolver : IFontResolver
{
    private static readonly Lock RegistrationLock = new();
    private static bool registered;

    /// <summary>Adds the resolver to ScottPlot's process-wide list once; safe to call from any thread.</summary>
    public static void EnsureRegistered()
    {
        if (Volatile.Read(ref registered))
        {
            return;
        }

        lock (RegistrationLock)
        {
            if (!registered)
            {
                // First in the list so our family name never falls through to a system font lookup. Also the
                // default family: any label a chart does not name a font for would otherwise go missing on a
                // machine without system fonts.
                ScottPlot.Fonts.FontResolvers.Insert(0, new ChartFontResolver());
                ScottPlot.Fonts.Default = BriefingFonts.ChartFamilyName;
                Volatile.Write(ref registered, true);
            }
        }
    }

    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
        !string.Equals(fontName, BriefingFonts.ChartFamilyName, StringComparison.Ordinal)
            ? null
            : bold ? BriefingFonts.Bold
            : italic ? BriefingFonts.Italic
            : BriefingFonts.Regular;

    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
        CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);
}
