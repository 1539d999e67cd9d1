using SkiaSharp;

namespace LlmPulse.Rendering.Text;

/// <summary>A typeface at a size and colour, with the line metrics a layout needs.</summary>
/// <remarks>Owns native Skia objects, so each document creates its own styles (they are not shared across threads).</remarks>
internal sealed class TextStyle : IDisposable
{
    public TextStyle(SKTypeface typeface, float size, SKColor color, float lineHeightFactor = 1.4f)
    {
        // Unhinted, linear metrics: PDF text is scaled by the viewer, so widths must not be snapped to pixels.
        Font = new SKFont(typeface, size)
        {
            Hinting = SKFontHinting.None,
            LinearMetrics = true,
            Subpixel = true,
            Edging = SKFontEdging.Antialias,
        };
        Paint = new SKPaint { Color = color, IsAntialias = true, Style = SKPaintStyle.Fill };
        Size = size;
        LineHeight = size * lineHeightFactor;

        var metrics = Font.Metrics;
        var ascent = -metrics.Ascent;
        var descent = metrics.Descent;
        // Centre the font's ascent+descent in the line box so mixed sizes on one row share a visual middle.
        BaselineOffset = ((LineHeight - (ascent + descent)) / 2f) + ascent;
        CapHeight = metrics.CapHeight > 0 ? metrics.CapHeight : size * 0.7f;
    }

    public SKFont Font { get; }

    public SKPaint Paint { get; }

    public SKTypeface Typeface => Font.Typeface;

    public float Size { get; }

    public float LineHeight { get; }

    /// <summary>Distance from the top of a line box to the baseline.</summary>
    public float BaselineOffset { get; }

    public float CapHeight { get; }

    public void Dispose()
    {
        Font.Dispose();
        Paint.Dispose();
    }
}
