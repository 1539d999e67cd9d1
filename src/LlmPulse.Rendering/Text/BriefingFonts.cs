using System.Reflection;
using SkiaSharp;

namespace LlmPulse.Rendering.Text;

/// <summary>
/// The typefaces every briefing is drawn with, loaded once per process from the embedded subset fonts: Noto Sans
/// for Latin script, digits and punctuation, Noto Sans Arabic for Arabic-script runs.
/// </summary>
/// <remarks>
/// Skia's PDF backend embeds a font file once per <see cref="SKTypeface"/> instance, so text and charts must
/// share these exact instances; they are never disposed (they live as long as the process).
/// </remarks>
internal static class BriefingFonts
{
    private static readonly Lazy<ShapingFont> LazyRegular = new(() => Load("NotoSans-Regular.subset.ttf", FontScript.Latin));
    private static readonly Lazy<ShapingFont> LazyBold = new(() => Load("NotoSans-Bold.subset.ttf", FontScript.Latin));
    private static readonly Lazy<ShapingFont> LazyItalic = new(() => Load("NotoSans-Italic.subset.ttf", FontScript.Latin));
    private static readonly Lazy<ShapingFont> LazyArabicRegular = new(() => Load("NotoSansArabic-Regular.subset.ttf", FontScript.Arabic));
    private static readonly Lazy<ShapingFont> LazyArabicBold = new(() => Load("NotoSansArabic-Bold.subset.ttf", FontScript.Arabic));

    public static SKTypeface Regular => LazyRegular.Value.Typeface;

    public static SKTypeface Bold => LazyBold.Value.Typeface;

    public static SKTypeface Italic => LazyItalic.Value.Typeface;

    public static SKTypeface ArabicRegular => LazyArabicRegular.Value.Typeface;

    public static SKTypeface ArabicBold => LazyArabicBold.Value.Typeface;

    /// <summary>The shaping font (typeface plus its HarfBuzz font) of one of the typefaces above or of its outline-free copy.</summary>
    public static ShapingFont Shaping(SKTypeface typeface)
    {
        foreach (var font in new[] { LazyRegular, LazyBold, LazyItalic, LazyArabicRegular, LazyArabicBold })
        {
            if (font.Value.Owns(typeface))
            {
                return font.Value;
            }
        }

        throw new ArgumentException($"{typeface.FamilyName} is not one of the briefing's embedded fonts.", nameof(typeface));
    }

    /// <summary>
    /// The font files Skia may have embedded so far, each with the font it stands for: every loaded font's own
    /// file, and its outline-free copy when one was made (nothing is loaded or made for asking).
    /// </summary>
    public static IEnumerable<(byte[] Embedded, byte[] Program, OutlineFreeCopy? OutlineFree)> EmbeddablePrograms()
    {
        foreach (var font in new[] { LazyRegular, LazyBold, LazyItalic, LazyArabicRegular, LazyArabicBold })
        {
            if (!font.IsValueCreated)
            {
                continue;
            }

            yield return (font.Value.Program, font.Value.Program, null);
            if (font.Value.OutlineFreeIfMade is { } copy)
            {
                yield return (copy.Program, font.Value.Program, copy);
            }
        }
    }

    /// <summary>
    /// The Arabic face that continues a Latin one in Arabic-script runs: bold for bold, regular otherwise (Noto
    /// Sans Arabic has no italic; Arabic does not slant its letters for emphasis).
    /// </summary>
    public static ShapingFont ArabicFor(SKTypeface latin) =>
        latin.IsBold ? LazyArabicBold.Value : LazyArabicRegular.Value;

    private static ShapingFont Load(string fileName, FontScript script)
    {
        var resourceName = $"LlmPulse.Rendering.Fonts.{fileName}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded font {resourceName} is missing from the assembly.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return new ShapingFont(resourceName, memory.ToArray(), script);
    }
}
