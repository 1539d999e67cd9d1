using LlmPulse.Briefings;
using SkiaSharp;

namespace LlmPulse.Rendering.Components;

/// <summary>
/// Draws a <see cref="Sparkline"/> into a box: one stroke per run of consecutive figures (a missing month breaks
/// the line instead of pretending to be zero), scaled to the box's height with the series' own minimum and maximum,
/// and a dot on the latest figure so the eye finds "now". Vector strokes only, so it stays sharp in the PDF and
/// costs a few hundred bytes. Reused by tiles and table cells, in both reading directions: time runs left to right
/// in every edition, as in the charts.
/// </summary>
internal static class SparklineView
{
    private const float StrokeWidth = 1.2f;
    private const float DotRadius = 1.8f;
    private const float IsolatedDotRadius = 1.1f;

    public static void Draw(SKCanvas canvas, SKRect box, Sparkline line, SKColor color)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentNullException.ThrowIfNull(line);
        if (!line.IsDrawable || box.Width <= 0 || box.Height <= 0)
        {
            return;
        }

        var values = line.Values;
        var present = values.Where(v => v is not null).Select(v => v!.Value).ToArray();
        var min = present.Min();
        var max = present.Max();

        // Keep room for the dot so it is not clipped at the top, bottom or right edge.
        var inner = SKRect.Inflate(box, -DotRadius, -DotRadius);
        var stepX = values.Count > 1 ? inner.Width / (values.Count - 1) : 0f;

        // A flat series sits in the middle instead of dividing by a zero range.
        float Y(double v) => max > min ? inner.Bottom - (float)((v - min) / (max - min) * inner.Height) : inner.MidY;

        using var stroke = new SKPaint { Color = color, Style = SKPaintStyle.Stroke, StrokeWidth = StrokeWidth, IsAntialias = true, StrokeJoin = SKStrokeJoin.Round, StrokeCap = SKStrokeCap.Round };
        using var path = new SKPath();
        var penDown = false;
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } v)
            {
                penDown = false;
                continue;
            }

            var point = new SKPoint(inner.Left + (i * stepX), Y(v));
            if (penDown)
            {
                path.LineTo(point);
            }
            else
            {
                path.MoveTo(point);
                penDown = true;
            }
        }

        canvas.DrawPath(path, stroke);

        // A figure with no neighbour draws no stroke: a small dot keeps it visible (sparse months, a quarterly total).
        using var dot = new SKPaint { Color = color, Style = SKPaintStyle.Fill, IsAntialias = true };
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } v && (i == 0 || values[i - 1] is null) && (i == values.Count - 1 || values[i + 1] is null))
            {
                canvas.DrawCircle(inner.Left + (i * stepX), Y(v), IsolatedDotRadius, dot);
            }
        }

        var last = values.Count - 1;
        while (values[last] is null)
        {
            last--;
        }

        canvas.DrawCircle(inner.Left + (last * stepX), Y(values[last]!.Value), DotRadius, dot);
    }
}
