using System.Reflection;
using SkiaSharp;

namespace LlmPulse.Rendering.Text;

/// <summary>
/// The typefaces every briefing is drawn with, loaded once per process from the embedded subset fonts: Noto Sans
/// for Latin script, digits and punctuation, Noto Sans Arabic for Arabic-script runs; and for the Arabic
/// edition's drawing, each weight of the two merged into one font (<see cref="MergedFor"/>).
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
    private static readonly Lazy<MergedFace?> LazyMergedRegular = new(() => Merge(LazyArabicRegular.Value, LazyRegular.Value));
    private static readonly Lazy<MergedFace?> LazyMergedBold = new(() => Merge(LazyArabicBold.Value, LazyBold.Value));

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

        foreach (var merged in new[] { LazyMergedRegular, LazyMergedBold })
        {
            if (merged.IsValueCreated && merged.Value?.Font is { } font)
            {
                yield return (font.Program, font.Program, null);
                if (font.OutlineFreeIfMade is { } copy)
                {
                    yield return (copy.Program, font.Program, copy);
                }
            }
        }
    }

    /// <summary>
    /// The font that draws both <paramref name="latin"/> and the Arabic face continuing it as one (see
    /// <see cref="Pdf.MergedFont"/>): regular and bold; null for italic, or when the fonts could not be merged.
    /// </summary>
    public static MergedFace? MergedFor(ShapingFont latin) =>
        ReferenceEquals(latin, LazyRegular.Value) ? LazyMergedRegular.Value
        : ReferenceEquals(latin, LazyBold.Value) ? LazyMergedBold.Value
        : null;

    /// <summary>
    /// The Arabic face that continues a Latin one in Arabic-script runs: bold for bold, regular otherwise (Noto
    /// Sans Arabic has no italic; Arabic does not slant its letters for emphasis).
    /// </summary>
    public static ShapingFont ArabicFor(SKTypeface latin) =>
        latin.IsBold ? LazyArabicBold.Value : LazyArabicRegular.Value;

    private static MergedFace? Merge(ShapingFont arabic, ShapingFont latin)
    {
        if (Pdf.MergedFont.Create(arabic.Program, latin.Program) is not { } merged)
        {
            return null;
        }

        var font = new ShapingFont($"{arabic.Name}+{latin.Name}", merged.Program, FontScript.Arabic);
        return new MergedFace(font, arabic, latin, merged.SecondGlyphs);
    }

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

/// <summary>
/// An Arabic face and a Latin face as one font for drawing: the Arabic glyphs keep their ids, a Latin glyph g is
/// drawn as <see cref="LatinGlyphs"/>[g]. Text is still shaped with the separate faces.
/// </summary>
internal sealed record MergedFace(ShapingFont Font, ShapingFont Arabic, ShapingFont Latin, ushort[] LatinGlyphs);
