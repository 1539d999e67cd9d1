using SkiaSharp;

namespace LlmPulse.Rendering.Text;

/// <summary>
/// A typeface at a size and colour, with the line metrics a layout needs, the Arabic face that continues it in
/// Arabic-script runs, and the direction of the paragraphs it sets.
/// </summary>
/// <remarks>Owns native Skia objects, so each document creates its own styles (they are not shared across threads).</remarks>
internal sealed class TextStyle : IDisposable
{
    /// <param name="forPdf">Draw with the fonts' outline-free copies (a PDF's fonts are filled in afterwards); never for pixels.</param>
    /// <param name="mergeScripts">
    /// Draw Arabic and Latin glyphs with one font holding both (<see cref="MergedFace"/>), so a PDF's line is not a
    /// text object per script change; for the Arabic edition, whose lines change script at every figure.
    /// </param>
    public TextStyle(SKTypeface typeface, float size, SKColor color, float lineHeightFactor = 1.4f, bool rightToLeft = false, bool forPdf = false, bool mergeScripts = false)
    {
        Latin = BriefingFonts.Shaping(typeface);
        Arabic = BriefingFonts.ArabicFor(typeface);
        Widths = WidthCache.For(Latin, Arabic);
        ForPdf = forPdf;
        MergesScripts = mergeScripts;
        if (mergeScripts && BriefingFonts.MergedFor(Latin) is { } merged && ReferenceEquals(merged.Arabic, Arabic))
        {
            Merged = merged;
            MergedFont = CreateFont(forPdf ? merged.Font.PdfTypeface : merged.Font.Typeface, size);
        }

        // With a merged font the faces' own fonts only give metrics, never glyphs to a PDF: their whole
        // typefaces do, and no outline-free copies of them are made.
        var outlineFree = forPdf && Merged is null;
        Typeface = outlineFree ? Latin.PdfTypeface : Latin.Typeface;
        Font = CreateFont(Typeface, size);
        ArabicFont = CreateFont(outlineFree ? Arabic.PdfTypeface : Arabic.Typeface, size);

        Paint = new SKPaint { Color = color, IsAntialias = true, Style = SKPaintStyle.Fill };
        Size = size;
        LineHeight = size * lineHeightFactor;
        IsRightToLeft = rightToLeft;

        // Line metrics are the Latin face's: the Arabic face's taller ascent and descent are room for marks
        // that the line spacing already leaves, and one set of metrics keeps mixed lines on one baseline.
        var metrics = Font.Metrics;
        var ascent = -metrics.Ascent;
        var descent = metrics.Descent;
        // Centre the font's ascent+descent in the line box so mixed sizes on one row share a visual middle.
        BaselineOffset = ((LineHeight - (ascent + descent)) / 2f) + ascent;
        CapHeight = metrics.CapHeight > 0 ? metrics.CapHeight : size * 0.7f;
    }

    /// <summary>The Latin (Noto Sans) font at this size.</summary>
    public SKFont Font { get; }

    /// <summary>The Arabic (Noto Sans Arabic) font at this size.</summary>
    public SKFont ArabicFont { get; }

    public ShapingFont Latin { get; }

    /// <summary>Shaped widths of measured texts in this style's pair of faces, shared by every size and render.</summary>
    public WidthCache Widths { get; }

    public ShapingFont Arabic { get; }

    public SKPaint Paint { get; }

    /// <remarks>Kept, not read from <see cref="Font"/>: SkiaSharp answers that with a native call and a handle lookup, on every line.</remarks>
    public SKTypeface Typeface { get; }

    /// <summary>Asked to draw both scripts with one font (see the constructor); <see cref="Merged"/> says whether it does.</summary>
    public bool MergesScripts { get; }

    /// <summary>The font drawing both of this style's faces, or null when each draws with its own.</summary>
    public MergedFace? Merged { get; }

    /// <summary><see cref="Merged"/>'s font at this size.</summary>
    public SKFont? MergedFont { get; }

    /// <summary>True when the style draws with outline-free fonts, for a PDF.</summary>
    public bool ForPdf { get; }

    /// <summary>Where the document records the glyphs this style draws (a PDF's, for the font subsetter), or null.</summary>
    public GlyphUsage? Usage { get; set; }

    public float Size { get; }

    public float LineHeight { get; }

    /// <summary>The base direction of paragraphs in this style: right to left in the Arabic edition.</summary>
    public bool IsRightToLeft { get; }

    /// <summary>Distance from the top of a line box to the baseline.</summary>
    public float BaselineOffset { get; }

    public float CapHeight { get; }

    public SKFont FontOf(ShapingFont face) => ReferenceEquals(face, Arabic) ? ArabicFont : Font;

    public void Dispose()
    {
        Font.Dispose();
        ArabicFont.Dispose();
        MergedFont?.Dispose();
        Paint.Dispose();
    }

    // Unhinted, linear metrics: PDF text is scaled by the viewer, so widths must not be snapped to pixels.
    private static SKFont CreateFont(SKTypeface typeface, float size) => new(typeface, size)
    {
        Hinting = SKFontHinting.None,
        LinearMetrics = true,
        Subpixel = true,
        Edging = SKFontEdging.Antialias,
    };
}
