using LlmPulse.Briefings;
using LlmPulse.Rendering.Text;
using SkiaSharp;

namespace LlmPulse.Rendering.Charts;

/// <summary>
/// A chart ready to lay out and draw: its series in their colours, the x range and y range it shows, the x labels
/// it may show, and the peak and latest labels; <see cref="ChartPlots.Layout"/> places the axes and picks the
/// y ticks and the x labels that fit.
/// </summary>
internal sealed class ChartPlot(
    ChartKind kind,
    IReadOnlyList<ChartPlot.PlottedSeries> series,
    (double Min, double Max) x,
    (double Min, double Max) y,
    Func<double, string> number,
    IReadOnlyList<(double X, string Text)> tickCandidates,
    string? yLabel,
    IReadOnlyList<ChartAnnotation> annotations,
    bool valueLabels) : IDisposable
{
    public ChartKind Kind { get; } = kind;

    /// <summary>The series drawn, in order, each in its document colour.</summary>
    public IReadOnlyList<PlottedSeries> Series { get; } = series;

    public double XMin { get; } = x.Min;

    public double XMax { get; } = x.Max;

    public double YMin { get; } = y.Min;

    public double YMax { get; } = y.Max;

    /// <summary>Axis numbers as the edition writes them (1.5B; in words-scaled editions 1.5 under "billions").</summary>
    public Func<double, string> Number { get; } = number;

    /// <summary>Every x position that could carry a label, oldest first; the ticks shown are a subset that fits.</summary>
    public IReadOnlyList<(double X, string Text)> TickCandidates { get; } = tickCandidates;

    /// <summary>The x labels shown, as last fitted to the plot's width (see <see cref="ChartPlots.Layout"/>).</summary>
    public IReadOnlyList<(double X, string Text)> BottomTicks { get; set; } = [];

    /// <summary>The y values that carry a label and a grid line, as last laid out.</summary>
    public IReadOnlyList<double> LeftTicks { get; set; } = [];

    /// <summary>The y-axis title (drawn rotated along the axis), or null.</summary>
    public string? YLabel { get; } = yLabel;

    /// <summary>Bars are labelled under their category without a tick mark; lines get tick marks.</summary>
    public bool BarTicks => Kind == ChartKind.Bar;

    /// <summary>True when each bar carries its value above it (one series with few bars).</summary>
    public bool ValueLabels { get; } = valueLabels;

    /// <summary>Peak and latest values of line series, labelled over the plot.</summary>
    public IReadOnlyList<ChartAnnotation> Annotations { get; } = annotations;

    /// <summary>The whole chart's box (origin at its top left) and the data area inside it, as last laid out.</summary>
    public SKRect Figure { get; set; }

    public SKRect DataRect { get; set; }

    public float PixelX(double value) => DataRect.Left + (float)((value - XMin) / (XMax - XMin) * DataRect.Width);

    public float PixelY(double value) => DataRect.Bottom - (float)((value - YMin) / (YMax - YMin) * DataRect.Height);

    public void Dispose()
    {
        // Nothing native is held; charts stay disposable so their users need not change when one is.
    }

    /// <summary>A series as drawn: its points in date order (line charts) or in category order (bar charts).</summary>
    public sealed record PlottedSeries(ChartSeries Source, SKColor Color, IReadOnlyList<(double X, SeriesPoint Point)> Points);
}

/// <summary>A marked point with a short label: a series' peak, its latest value, or both at once.</summary>
internal sealed record ChartAnnotation(double X, double Y, string Text, SKColor Color);

/// <summary>
/// Lays out and draws line and bar charts straight onto the PDF canvas, in PDF points: an open frame (left and
/// bottom axes), light horizontal grid lines at round y values, series lines with a marker per point (hollow
/// where the figure is approximate), bars side by side per category, and every label with the document's text
/// (shaped, so Arabic month names and axis titles need no special path).
/// </summary>
/// <remarks>
/// Time runs left to right in every edition. Axis numbers carry no Latin scale letters in a right-to-left
/// edition: the scale goes into the axis title in words ("زيارات (بالمليارات)"). Drawing directly keeps each chart
/// to a few hundred PDF operators: a general plotting library settled its layout by rendering the chart more than
/// once, wrapped every element in its own clip, and wrote each marker as a separate curve path.
/// </remarks>
internal static class ChartPlots
{
    private const float MarkerRadius = 3f;
    private const float HollowMarkerStroke = 1.5f;
    private const float LineWidth = 1.8f;
    private const float TickLength = 4f;
    private const float PadTop = 15f;
    private const float PadRight = 15f;
    private const float BottomPanel = 20f;
    private const int MaxValueLabels = 12;
    private const int MaxYTicks = 5;

    // Room per y label: a label every 35 points or more keeps the axis light (four on a full-width chart).
    private const float YTickSpacing = 35f;

    private static readonly SKColor GridLine = SKColor.Parse("#E3E8EE");
    private static readonly SKColor Frame = SKColor.Parse("#9AA5B1");

    /// <summary>True when at least one series has a point; a chart without any is skipped, not drawn empty.</summary>
    public static bool HasData(ChartBlock chart) => PlottableSeries(chart).Any();

    /// <summary>Series with their plottable points only (a non-finite value cannot be placed on an axis).</summary>
    public static IEnumerable<ChartSeries> PlottableSeries(ChartBlock chart) =>
        chart.Series
            .Select(s => s.Points.All(p => double.IsFinite(p.Value)) ? s : s with { Points = [.. s.Points.Where(p => double.IsFinite(p.Value))] })
            .Where(s => s.Points.Count > 0);

    public static bool HasApproximatePoints(ChartBlock chart) => PlottableSeries(chart).Any(s => s.Points.Any(p => p.Approximate));

    /// <param name="yLimits">A y range to use instead of the chart's own, so panels of a grid share one scale.</param>
    public static ChartPlot Create(ChartBlock chart, Typography typography, SeriesPalette palette, (double Low, double High)? yLimits = null)
    {
        var series = PlottableSeries(chart).ToList();

        // Scale words instead of Latin letters (1.5B) where the edition is not English.
        // Panels sharing a scale share its scale word too: the shared limits count among the values.
        var values = series.SelectMany(s => s.Points).Select(p => p.Value).ToList();
        if (yLimits is { } shared)
        {
            values.AddRange([shared.Low, shared.High]);
        }

        var (divisor, scaleKey) = typography.IsRightToLeft ? AxisScale(values) : (1d, null);
        Func<double, string> number = typography.IsRightToLeft ? v => ScaledNumber(v / divisor) : CompactNumber.Format;
        var yLabel = scaleKey is null
            ? chart.YAxisLabel
            : typography.Texts.Format("render.axis-scale", ("label", chart.YAxisLabel), ("scale", typography.Texts[scaleKey]));
        yLabel = string.IsNullOrWhiteSpace(yLabel) ? null : yLabel;

        if (chart.Kind == ChartKind.Bar)
        {
            return Bars(series, palette, number, yLabel);
        }

        var plotted = series
            .Select(s => new ChartPlot.PlottedSeries(s, palette.ColorOf(s), [.. s.Points.OrderBy(p => p.Date).Select(p => (X(p.Date), p))]))
            .ToList();

        // Every plotted date may carry a label; Layout keeps those that fit.
        var dates = series.SelectMany(s => s.Points)
            .GroupBy(p => p.Date)
            .OrderBy(g => g.Key)
            .Select(g => (X: X(g.Key), g.First().Label))
            .ToList();

        // Explicit limits: a single point or a flat series gives no range of its own.
        var first = dates[0].X;
        var last = dates[^1].X;
        var padding = Math.Max(20d, (last - first) * 0.06);
        var (low, high) = yLimits ?? LineYLimits(series);
        return new ChartPlot(ChartKind.Line, plotted, (first - padding, last + padding), (low, high), number, dates, yLabel, Annotate(plotted, number, typography), valueLabels: false);
    }

    /// <summary>
    /// The y range a line chart of these series would use, so a grid of panels can share the widest one.
    /// </summary>
    public static (double Low, double High) LineYLimits(IEnumerable<ChartSeries> series)
    {
        var values = series.SelectMany(s => s.Points).Select(p => p.Value).Where(double.IsFinite).ToList();
        var (low, high) = values.Count == 0 ? (0d, 1d) : (values.Min(), values.Max());
        var span = high - low;
        if (span <= 0)
        {
            span = Math.Abs(high) > 0 ? Math.Abs(high) * 0.4 : 1d;
            (low, high) = (low - (span / 2), high + (span / 2));
        }

        // Headroom above for the peak's label, a little below for the latest's when it has to go under.
        return (low - (span * 0.14), high + (span * 0.22));
    }

    /// <summary>Lays the chart out in a box of this size, then draws it as vector graphics and text.</summary>
    public static void DrawAsVectors(ChartPlot chart, SKCanvas canvas, float x, float y, float width, float height, Typography typography)
    {
        var w = (int)Math.Floor(width);
        var h = (int)Math.Floor(height);
        Layout(chart, w, h, typography);

        canvas.Save();
        canvas.Translate(x, y);
        DrawAxes(chart, canvas, typography);
        canvas.Save();
        canvas.ClipRect(chart.DataRect);
        if (chart.Kind == ChartKind.Bar)
        {
            DrawBars(chart, canvas);
        }
        else
        {
            DrawLines(chart, canvas);
        }

        canvas.Restore();
        if (chart.ValueLabels)
        {
            DrawValueLabels(chart, canvas, typography);
        }

        DrawAnnotations(chart, canvas, typography);
        canvas.Restore();
    }

    /// <summary>
    /// Places the axes in a box of this size: the y ticks at round values that fit its height, the left margin as
    /// wide as their labels and the axis title need, then keeps only the x labels that fit the data area
    /// (measured, not guessed from a count).
    /// </summary>
    public static void Layout(ChartPlot chart, int width, int height, Typography typography)
    {
        var tick = typography.ChartNumber;
        var top = PadTop;
        var bottom = height - (BottomPanel + (chart.BarTicks ? 0f : TickLength));
        chart.LeftTicks = NiceTicks(chart.YMin, chart.YMax, Math.Clamp((int)((bottom - top) / YTickSpacing), 2, MaxYTicks));

        var labelWidth = 0f;
        foreach (var value in chart.LeftTicks)
        {
            labelWidth = Math.Max(labelWidth, TextRun.Measure(chart.Number(value), tick));
        }

        var left = 1f + (chart.YLabel is null ? 0f : typography.ChartAxisLabel.LineHeight + 4f) + labelWidth + 3f + TickLength;
        var right = Math.Max(left + 10f, width - PadRight);
        chart.Figure = new SKRect(0f, 0f, width, height);
        chart.DataRect = new SKRect(left, top, right, Math.Max(top + 10f, bottom));
        chart.BottomTicks = chart.TickCandidates.Count == 0 ? [] : SelectTicks(chart.TickCandidates, chart.PixelX, typography);
    }

    /// <summary>
    /// Where each shown x label sits after the last layout, left and right edge in the chart's points, as the
    /// text is measured: what a reader would see collide if two overlapped.
    /// </summary>
    public static IReadOnlyList<(float Left, float Right, string Text)> BottomTickBoxes(ChartPlot chart, Typography typography) =>
        chart.BottomTicks
            .Select(t =>
            {
                var center = chart.PixelX(t.X);
                var half = TextRun.Measure(t.Text, typography.ChartTick) / 2f;
                return (center - half, center + half, t.Text);
            })
            .OrderBy(b => b.Item1)
            .ToList();

    /// <summary>Where each annotation's label goes, in the chart's points; labels that found no free room are absent.</summary>
    public static IReadOnlyList<(ChartAnnotation Annotation, SKPoint Point, SKRect Box)> PlaceAnnotations(ChartPlot chart, Typography typography)
    {
        const float Offset = 6f;
        var area = chart.DataRect;
        var figure = chart.Figure;
        var style = typography.ChartTick;
        var placed = new List<(ChartAnnotation, SKPoint, SKRect)>();
        foreach (var annotation in chart.Annotations)
        {
            var point = new SKPoint(chart.PixelX(annotation.X), chart.PixelY(annotation.Y));
            var width = TextRun.Measure(annotation.Text, style);
            var height = style.Size + 1f;

            // Above the point, below it, then before or after it; centred labels pushed back inside the plot at
            // either end (the latest sits near the right edge). The room above the data area is free to use.
            var left = Math.Clamp(point.X - (width / 2f), area.Left + 1f, Math.Max(area.Left + 1f, figure.Right - width - 1f));
            var middle = point.Y - (height / 2f);
            SKRect[] options =
            [
                SKRect.Create(left, point.Y - Offset - height, width, height),
                SKRect.Create(left, point.Y + Offset, width, height),
                SKRect.Create(point.X - Offset - width, middle, width, height),
                SKRect.Create(point.X + Offset, middle, width, height),
            ];
            SKRect? chosen = null;
            foreach (var box in options)
            {
                var inside = box.Top >= figure.Top && box.Bottom <= area.Bottom + 2f && box.Left >= area.Left && box.Right <= figure.Right;
                // A little air around each label, so two labels side by side do not read as one.
                var padded = SKRect.Inflate(box, 2f, 1f);
                if (inside && !Ring(point).IntersectsWith(box) && placed.All(p => !p.Item3.IntersectsWith(padded) && !Ring(p.Item2).IntersectsWith(box)))
                {
                    chosen = box;
                    break;
                }
            }

            if (chosen is { } free)
            {
                placed.Add((annotation, point, free));
            }
        }

        return placed;

        static SKRect Ring(SKPoint p) => SKRect.Create(p.X - 4.6f, p.Y - 4.6f, 9.2f, 9.2f);
    }

    /// <summary>
    /// Labels from the latest back, each kept only when it clears the last one kept by a gap, so the latest
    /// always has its label and unevenly spaced dates cannot collide.
    /// </summary>
    private static List<(double X, string Text)> SelectTicks(IReadOnlyList<(double X, string Text)> candidates, Func<double, float> pixel, Typography typography)
    {
        const float Gap = 6f;
        var kept = new List<(double X, string Text)>();
        var leftEdge = float.PositiveInfinity;
        for (var i = candidates.Count - 1; i >= 0; i--)
        {
            var (value, text) = candidates[i];
            var center = pixel(value);
            var half = TextRun.Measure(text, typography.ChartTick) / 2f;
            if (center + half + Gap <= leftEdge)
            {
                kept.Add((value, text));
                leftEdge = center - half;
            }
        }

        kept.Reverse();
        return kept;
    }

    /// <summary>Round values (steps of 1, 2, 2.5 or 5 times a power of ten) inside [low, high], at most <paramref name="target"/> of them.</summary>
    internal static IReadOnlyList<double> NiceTicks(double low, double high, int target)
    {
        var span = high - low;
        if (!(span > 0) || !double.IsFinite(span))
        {
            return [low];
        }

        var raw = span / target;
        var exponent = Math.Floor(Math.Log10(raw));
        var magnitude = Math.Pow(10, exponent);
        var step = 10 * magnitude;
        foreach (var multiple in (ReadOnlySpan<double>)[1, 2, 2.5, 5])
        {
            if (multiple * magnitude >= raw)
            {
                step = multiple * magnitude;
                break;
            }
        }

        // Rounded to the step's own precision, so 0.1 + 0.2 is labelled 0.3.
        var decimals = (int)Math.Clamp(2 - exponent, 0, 15);
        var ticks = new List<double>();
        for (var k = Math.Ceiling(low / step); k * step <= high + (step * 1e-9); k++)
        {
            ticks.Add(Math.Round(k * step, decimals));
        }

        return ticks;
    }

    private static void DrawAxes(ChartPlot chart, SKCanvas canvas, Typography typography)
    {
        var data = chart.DataRect;
        var tick = typography.ChartTick;
        using var grid = new SKPaint { Color = GridLine, Style = SKPaintStyle.Stroke, StrokeWidth = 0.6f, IsAntialias = true };
        using var frame = new SKPaint { Color = Frame, Style = SKPaintStyle.Stroke, StrokeWidth = 1f, IsAntialias = true };

        // Grid lines as one path, frame and tick marks as another: two strokes in the PDF, not one per line.
        using var gridPath = new SKPath();
        using var framePath = new SKPath();
        foreach (var value in chart.LeftTicks)
        {
            var py = chart.PixelY(value);
            gridPath.MoveTo(data.Left, py);
            gridPath.LineTo(data.Right, py);
            framePath.MoveTo(data.Left - TickLength, py);
            framePath.LineTo(data.Left, py);
        }

        var tickLength = chart.BarTicks ? 0f : TickLength;
        if (tickLength > 0f)
        {
            foreach (var (value, _) in chart.BottomTicks)
            {
                var px = chart.PixelX(value);
                framePath.MoveTo(px, data.Bottom);
                framePath.LineTo(px, data.Bottom + tickLength);
            }
        }

        framePath.MoveTo(data.Left, data.Top);
        framePath.LineTo(data.Left, data.Bottom);
        framePath.LineTo(data.Right, data.Bottom);
        canvas.DrawPath(gridPath, grid);
        canvas.DrawPath(framePath, frame);

        foreach (var (value, text) in chart.BottomTicks)
        {
            TextRun.Draw(canvas, text, chart.PixelX(value), data.Bottom + tickLength + 1f + tick.BaselineOffset, tick, SKTextAlign.Center);
        }

        if (chart.YLabel is { } label)
        {
            var style = typography.ChartAxisLabel;
            canvas.Save();
            canvas.Translate(1f, (data.Top + data.Bottom) / 2f);
            canvas.RotateDegrees(-90f);
            TextRun.Draw(canvas, label, 0f, style.BaselineOffset, style, SKTextAlign.Center);
            canvas.Restore();
        }

        // Numbers right-aligned against the tick marks, centred on their grid line.
        var numbers = typography.ChartNumber;
        foreach (var value in chart.LeftTicks)
        {
            var baseline = chart.PixelY(value) - (numbers.LineHeight / 2f) + numbers.BaselineOffset;
            TextRun.Draw(canvas, chart.Number(value), data.Left - TickLength - 3f, baseline, numbers, SKTextAlign.Right);
        }
    }

    private static void DrawLines(ChartPlot chart, SKCanvas canvas)
    {
        using var stroke = new SKPaint { Style = SKPaintStyle.Stroke, StrokeWidth = LineWidth, IsAntialias = true, StrokeJoin = SKStrokeJoin.Round };
        using var fill = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = true };
        using var white = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Fill, IsAntialias = true };
        using var ring = new SKPaint { Style = SKPaintStyle.Stroke, StrokeWidth = HollowMarkerStroke, IsAntialias = true };
        foreach (var series in chart.Series)
        {
            stroke.Color = series.Color;
            fill.Color = series.Color;
            ring.Color = series.Color;
            if (series.Points.Count > 1)
            {
                using var line = new SKPath();
                line.MoveTo(chart.PixelX(series.Points[0].X), chart.PixelY(series.Points[0].Point.Value));
                for (var i = 1; i < series.Points.Count; i++)
                {
                    line.LineTo(chart.PixelX(series.Points[i].X), chart.PixelY(series.Points[i].Point.Value));
                }

                canvas.DrawPath(line, stroke);
            }

            // Exact figures as filled dots, in one path; approximate ones hollow (white inside the series colour), over the line.
            using var dots = new SKPath();
            foreach (var (x, point) in series.Points)
            {
                if (!point.Approximate)
                {
                    dots.AddCircle(chart.PixelX(x), chart.PixelY(point.Value), MarkerRadius);
                }
            }

            if (!dots.IsEmpty)
            {
                canvas.DrawPath(dots, fill);
            }

            using var hollow = new SKPath();
            foreach (var (x, point) in series.Points)
            {
                if (point.Approximate)
                {
                    hollow.AddCircle(chart.PixelX(x), chart.PixelY(point.Value), MarkerRadius);
                }
            }

            if (!hollow.IsEmpty)
            {
                canvas.DrawPath(hollow, white);
                canvas.DrawPath(hollow, ring);
            }
        }
    }

    private static void DrawBars(ChartPlot chart, SKCanvas canvas)
    {
        const double GroupWidth = 0.7;
        var barWidth = GroupWidth / chart.Series.Count;
        using var fill = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = true };
        using var outline = new SKPaint { Style = SKPaintStyle.Stroke, StrokeWidth = 1f, IsAntialias = true };
        var zero = chart.PixelY(0d);
        for (var s = 0; s < chart.Series.Count; s++)
        {
            var series = chart.Series[s];
            foreach (var (category, point) in series.Points)
            {
                var center = category - (GroupWidth / 2) + (barWidth * (s + 0.5));
                var half = barWidth * 0.92 / 2;
                var top = chart.PixelY(point.Value);
                var rect = new SKRect(chart.PixelX(center - half), Math.Min(top, zero), chart.PixelX(center + half), Math.Max(top, zero));

                // Approximate figures are light bars outlined in the series colour.
                fill.Color = point.Approximate ? series.Color.WithAlpha(89) : series.Color;
                canvas.DrawRect(rect, fill);
                if (point.Approximate)
                {
                    outline.Color = series.Color;
                    canvas.DrawRect(rect, outline);
                }
            }
        }
    }

    /// <summary>Each bar's value just above it (below it for a negative value), in the tick labels' style.</summary>
    private static void DrawValueLabels(ChartPlot chart, SKCanvas canvas, Typography typography)
    {
        var style = typography.ChartNumber;
        foreach (var (category, point) in chart.Series[0].Points)
        {
            var px = chart.PixelX(category);
            var py = chart.PixelY(point.Value);
            var baseline = point.Value >= 0 ? py - 3f : py + 3f + style.Size;
            TextRun.Draw(canvas, chart.Number(point.Value), px, baseline, style, SKTextAlign.Center);
        }
    }

    /// <summary>
    /// Rings the annotated points and writes their labels with the document's text (so an Arabic word shapes),
    /// above the point where there is room and below it otherwise; a label that would cover another is left out.
    /// </summary>
    private static void DrawAnnotations(ChartPlot chart, SKCanvas canvas, Typography typography)
    {
        var placed = PlaceAnnotations(chart, typography);
        if (placed.Count == 0)
        {
            return;
        }

        var style = typography.ChartTick;
        var ink = style.Paint.Color;
        using var ring = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1.2f };
        foreach (var (annotation, point, box) in placed)
        {
            ring.Color = annotation.Color;
            canvas.DrawCircle(point.X, point.Y, 4.6f, ring);

            // The label in the series' colour, so which line it belongs to needs no legend.
            style.Paint.Color = annotation.Color;
            TextRun.Draw(canvas, annotation.Text, box.Left, box.Top + style.BaselineOffset - ((style.LineHeight - style.Size) / 2f), style);
        }

        style.Paint.Color = ink;
    }

    /// <summary>
    /// Each series' latest value and its peak, as a short label over a ringed point; one label when the latest is
    /// the peak, and none for a peak of a single point. Latest labels come first, so they win any tie for room.
    /// </summary>
    private static List<ChartAnnotation> Annotate(IReadOnlyList<ChartPlot.PlottedSeries> series, Func<double, string> number, Typography typography)
    {
        var texts = typography.Texts;
        var latest = new List<ChartAnnotation>();
        var peaks = new List<ChartAnnotation>();
        foreach (var s in series)
        {
            var points = s.Points;
            var (lastX, last) = points[^1];

            // The first of equal bests is the peak: the date it was first reached. A rank peaks at its lowest.
            var better = s.Source.LowerIsBetter ? (Func<double, double, bool>)((a, b) => a < b) : (a, b) => a > b;
            var peak = points.Aggregate((best, p) => better(p.Point.Value, best.Point.Value) ? p : best);
            var latestIsPeak = points.Count > 1 && !better(peak.Point.Value, last.Value);
            var key = latestIsPeak ? "render.latest-peak" : "render.latest";
            latest.Add(new ChartAnnotation(lastX, last.Value, texts.Format(key, ("value", number(last.Value))), s.Color));
            if (!latestIsPeak && points.Count > 1)
            {
                peaks.Add(new ChartAnnotation(peak.X, peak.Point.Value, texts.Format("render.peak", ("value", number(peak.Point.Value))), s.Color));
            }
        }

        return [.. latest, .. peaks];
    }

    private static ChartPlot Bars(IReadOnlyList<ChartSeries> series, SeriesPalette palette, Func<double, string> number, string? yLabel)
    {
        // Categories in order of first appearance; series sit side by side within each category.
        var labels = series.SelectMany(s => s.Points).Select(p => p.Label).Distinct().ToList();
        var plotted = series
            .Select(s => new ChartPlot.PlottedSeries(s, palette.ColorOf(s), [.. s.Points.Select(p => ((double)labels.IndexOf(p.Label), p))]))
            .ToList();

        // Values on top of the bars help with a few bars of one series; with more they collide.
        var valueLabels = series.Count == 1 && labels.Count <= MaxValueLabels;

        // Bars start at zero; the headroom keeps value labels inside the frame.
        var values = series.SelectMany(s => s.Points).Select(p => p.Value).ToList();
        var low = Math.Min(0d, values.Min());
        var high = Math.Max(0d, values.Max());
        var span = high - low > 0 ? high - low : 1d;
        var y = (low < 0 ? low - (span * 0.1) : 0d, high + (span * 0.15));
        return new ChartPlot(ChartKind.Bar, plotted, (-0.6, labels.Count - 0.4), y, number, [.. labels.Select((label, i) => ((double)i, label))], yLabel, [], valueLabels);
    }

    /// <summary>The divisor and scale word for axis numbers without Latin scale letters: thousands and up.</summary>
    private static (double Divisor, string? Key) AxisScale(IReadOnlyList<double> values)
    {
        var largest = values.Count == 0 ? 0d : values.Max(Math.Abs);
        return largest switch
        {
            >= 1e12 => (1e12, "render.scale.trillion"),
            >= 1e9 => (1e9, "render.scale.billion"),
            >= 1e6 => (1e6, "render.scale.million"),
            >= 1e5 => (1e3, "render.scale.thousand"),
            _ => (1d, null),
        };
    }

    private static string ScaledNumber(double value)
    {
        var format = Math.Abs(value) >= 100 ? "#,##0.#" : "#,##0.##";
        var text = value.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }

    private static double X(DateOnly date) => date.ToDateTime(TimeOnly.MinValue).ToOADate();
}
