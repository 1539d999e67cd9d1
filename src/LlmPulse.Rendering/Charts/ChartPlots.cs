using LlmPulse.Briefings;
using LlmPulse.Rendering.Text;
using ScottPlot;
using ScottPlot.TickGenerators;
using SkiaSharp;

namespace LlmPulse.Rendering.Charts;

/// <summary>A ScottPlot plot and the labels and annotations the document draws over it itself.</summary>
internal sealed class ChartPlot(Plot plot, IReadOnlyList<(double X, string Text)> tickCandidates, bool selfDrawnTicks, string? yLabel, bool barTicks, IReadOnlyList<ChartAnnotation> annotations) : IDisposable
{
    public Plot Plot { get; } = plot;

    /// <summary>Every x position that could carry a label, oldest first; the ticks shown are a subset that fits.</summary>
    public IReadOnlyList<(double X, string Text)> TickCandidates { get; } = tickCandidates;

    /// <summary>True when the document draws the x labels (words ScottPlot cannot shape); ScottPlot gets blanks.</summary>
    public bool SelfDrawnTicks { get; } = selfDrawnTicks;

    /// <summary>The x labels shown, as last fitted to the plot's width (see <see cref="ChartPlots.FitBottomTicks"/>).</summary>
    public IReadOnlyList<(double X, string Text)> BottomTicks { get; set; } = [];

    /// <summary>The y-axis title drawn by the text component (rotated), or null when ScottPlot draws it.</summary>
    public string? YLabel { get; } = yLabel;

    public bool BarTicks { get; } = barTicks;

    /// <summary>Peak and latest values of line series, labelled by the document over the plot.</summary>
    public IReadOnlyList<ChartAnnotation> Annotations { get; } = annotations;

    public void Dispose() => Plot.Dispose();
}

/// <summary>A marked point with a short label: a series' peak, its latest value, or both at once.</summary>
internal sealed record ChartAnnotation(double X, double Y, string Text, SKColor Color);

/// <summary>
/// Builds ScottPlot plots for chart blocks and draws them as vectors onto a PDF canvas. Sizes are in PDF points
/// (ScottPlot's pixels map 1:1 onto the page).
/// </summary>
/// <remarks>
/// ScottPlot draws text unshaped and left to right, so it only gets text that needs neither: numbers always, and
/// labels that are plain left-to-right Latin (the English edition's). Any other label (Arabic month names, an
/// Arabic axis title) is drawn by the document's text component at the place ScottPlot reserved for it. Time
/// runs left to right in every edition. Axis numbers carry no Latin scale letters in a right-to-left edition:
/// the scale goes into the axis title in words ("زيارات (بالمليارات)").
/// </remarks>
internal static class ChartPlots
{
    private const float TickFontSize = 7.5f;
    private const float AxisLabelFontSize = 8f;
    private const float MarkerSize = 6f;
    private const int MaxValueLabels = 12;

    private static readonly Color GridLine = Color.FromHex("#E3E8EE");
    private static readonly Color Frame = Color.FromHex("#9AA5B1");
    private static readonly Color TickText = ToColor(BriefingTheme.Muted);

    /// <summary>True when at least one series has a point; a chart without any is skipped, not drawn empty.</summary>
    public static bool HasData(ChartBlock chart) => PlottableSeries(chart).Any();

    /// <summary>Series with their plottable points only (a non-finite value cannot be placed on an axis).</summary>
    public static IEnumerable<ChartSeries> PlottableSeries(ChartBlock chart) =>
        chart.Series
            .Select(s => s.Points.All(p => double.IsFinite(p.Value)) ? s : s with { Points = [.. s.Points.Where(p => double.IsFinite(p.Value))] })
            .Where(s => s.Points.Count > 0);

    public static bool HasApproximatePoints(ChartBlock chart) => PlottableSeries(chart).Any(s => s.Points.Any(p => p.Approximate));

    /// <param name="yLimits">A y range to use instead of the chart's own, so panels of a grid share one scale.</param>
    public static ChartPlot Create(ChartBlock chart, float width, Typography typography, SeriesPalette palette, (double Low, double High)? yLimits = null)
    {
        ChartFontResolver.EnsureRegistered();
        var plot = new Plot();
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

        var labels = series.SelectMany(s => s.Points).Select(p => p.Label).ToList();
        var selfDrawn = !labels.Append(yLabel).All(TextRun.IsPlainLeftToRight);
        IReadOnlyList<(double X, string Text)> candidates;
        var annotations = new List<ChartAnnotation>();
        if (chart.Kind == ChartKind.Bar)
        {
            candidates = AddBars(plot, series, palette, number);
        }
        else
        {
            candidates = AddLines(plot, series, palette, yLimits);
            annotations.AddRange(Annotate(series, palette, number, typography));
        }

        Style(plot, selfDrawn || string.IsNullOrEmpty(yLabel) ? " " : Label(yLabel), number);
        var result = new ChartPlot(plot, candidates, selfDrawn, selfDrawn && !string.IsNullOrEmpty(yLabel) ? yLabel : null, chart.Kind == ChartKind.Bar, annotations);

        // A first fit from the requested width; DrawAsVectors fits again to the plot's real data area.
        var estimate = Math.Max(10f, width - 45f);
        SetBottomTicks(result, candidates.Count == 0 ? [] : SelectTicks(candidates, x => (float)((x - plot.Axes.Bottom.Min) / (plot.Axes.Bottom.Max - plot.Axes.Bottom.Min) * estimate), typography));
        return result;
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

    /// <summary>
    /// Draws the plot as vector graphics and text. A first pass onto a canvas that draws nothing settles
    /// ScottPlot's layout, so the PDF receives exactly one pass (every pass drawn onto a PDF canvas stays in the
    /// file); it measures text like any other pass but rasterizes no pixels, which an in-memory bitmap would.
    /// </summary>
    public static void DrawAsVectors(ChartPlot chart, SKCanvas canvas, float x, float y, float width, float height, Typography typography)
    {
        var plot = chart.Plot;
        var w = (int)Math.Floor(width);
        var h = (int)Math.Floor(height);
        Layout(chart, w, h, typography);

        plot.RenderManager.ClearCanvasBeforeEachRender = false;

        canvas.Save();
        canvas.ClipRect(SKRect.Create(x, y, w, h));
        canvas.Translate(x, y);
        plot.Render(canvas, w, h);
        canvas.Restore();

        DrawLabels(chart, canvas, x, y, typography);
        DrawAnnotations(chart, canvas, x, y, typography);
    }

    /// <summary>
    /// Settles ScottPlot's layout at this size without drawing, then keeps only the x labels that fit the data
    /// area it settled on (measured, not guessed from a count).
    /// </summary>
    public static void Layout(ChartPlot chart, int width, int height, Typography typography)
    {
        var plot = chart.Plot;
        using (var layoutPass = new SKNoDrawCanvas(width, height))
        {
            plot.Render(layoutPass, width, height);
        }

        if (chart.TickCandidates.Count == 0)
        {
            return;
        }

        // No second pass with the labels kept: they are a subset of those the first pass laid out, in the same
        // style, and ScottPlot sizes the bottom axis by the labels' line height, not by how many there are, so the
        // data area (all the labels and annotations are placed by) stays where the first pass put it.
        SetBottomTicks(chart, SelectTicks(chart.TickCandidates, v => plot.GetPixel(new Coordinates(v, 0)).X, typography));
    }

    /// <summary>
    /// Where each shown x label sits after the last layout, left and right edge in the plot's pixels, as the
    /// text is measured: what a reader would see collide if two overlapped.
    /// </summary>
    public static IReadOnlyList<(float Left, float Right, string Text)> BottomTickBoxes(ChartPlot chart, Typography typography)
    {
        var plot = chart.Plot;
        return chart.BottomTicks
            .Select(t =>
            {
                var center = plot.GetPixel(new Coordinates(t.X, 0)).X;
                var half = TextRun.Measure(t.Text, typography.ChartTick) / 2f;
                return (center - half, center + half, t.Text);
            })
            .OrderBy(b => b.Item1)
            .ToList();
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

    private static void SetBottomTicks(ChartPlot chart, IReadOnlyList<(double X, string Text)> ticks)
    {
        var generator = new NumericManual();
        foreach (var (value, text) in ticks)
        {
            // A blank label keeps the room ScottPlot would give the real one; the document draws it there.
            generator.AddMajor(value, chart.SelfDrawnTicks ? " " : Label(text));
        }

        chart.Plot.Axes.Bottom.TickGenerator = generator;
        chart.BottomTicks = ticks;
    }

    /// <summary>Draws the labels ScottPlot left blank, where it reserved room for them.</summary>
    private static void DrawLabels(ChartPlot chart, SKCanvas canvas, float x, float y, Typography typography)
    {
        var plot = chart.Plot;
        var data = plot.LastRender.DataRect;
        var tick = typography.ChartTick;
        var tickLength = chart.BarTicks ? 0f : plot.Axes.Bottom.MajorTickStyle.Length;
        foreach (var (value, text) in chart.SelfDrawnTicks ? chart.BottomTicks : [])
        {
            var pixel = plot.GetPixel(new Coordinates(value, 0));
            TextRun.Draw(canvas, text, x + pixel.X, y + data.Bottom + tickLength + 1f + tick.BaselineOffset, tick, SKTextAlign.Center);
        }

        if (chart.YLabel is { } label)
        {
            var style = typography.ChartAxisLabel;
            canvas.Save();
            canvas.Translate(x + 1f, y + ((data.Top + data.Bottom) / 2f));
            canvas.RotateDegrees(-90f);
            TextRun.Draw(canvas, label, 0f, style.BaselineOffset, style, SKTextAlign.Center);
            canvas.Restore();
        }
    }

    /// <summary>
    /// Rings the annotated points and writes their labels with the document's text (so an Arabic word shapes),
    /// above the point where there is room and below it otherwise; a label that would cover another is left out.
    /// </summary>
    private static void DrawAnnotations(ChartPlot chart, SKCanvas canvas, float x, float y, Typography typography)
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
            canvas.DrawCircle(x + point.X, y + point.Y, 4.6f, ring);

            // The label in the series' colour, so which line it belongs to needs no legend.
            style.Paint.Color = annotation.Color;
            TextRun.Draw(canvas, annotation.Text, x + box.Left, y + box.Top + style.BaselineOffset - ((style.LineHeight - style.Size) / 2f), style);
        }

        style.Paint.Color = ink;
    }

    /// <summary>Where each annotation's label goes, in the plot's pixels; labels that found no free room are absent.</summary>
    public static IReadOnlyList<(ChartAnnotation Annotation, SKPoint Point, SKRect Box)> PlaceAnnotations(ChartPlot chart, Typography typography)
    {
        const float Offset = 6f;
        var plot = chart.Plot;
        var data = plot.LastRender.DataRect;
        var area = new SKRect(data.Left, data.Top, data.Right, data.Bottom);
        var figure = new SKRect(0f, 0f, plot.LastRender.FigureRect.Width, plot.LastRender.FigureRect.Height);
        var style = typography.ChartTick;
        var placed = new List<(ChartAnnotation, SKPoint, SKRect)>();
        foreach (var annotation in chart.Annotations)
        {
            var pixel = plot.GetPixel(new Coordinates(annotation.X, annotation.Y));
            var point = new SKPoint(pixel.X, pixel.Y);
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

    private static List<(double X, string Text)> AddLines(Plot plot, IReadOnlyList<ChartSeries> series, SeriesPalette palette, (double Low, double High)? yLimits)
    {
        foreach (var s in series)
        {
            var color = ToColor(palette.ColorOf(s));
            var points = s.Points.OrderBy(p => p.Date).ToList();
            var xs = points.Select(p => X(p.Date)).ToArray();
            var ys = points.Select(p => p.Value).ToArray();

            var line = plot.Add.ScatterLine(xs, ys, color);
            line.LineWidth = 1.8f;
            line.MarkerSize = 0;
            line.LegendText = Label(s.Name);

            AddMarkers(plot, points.Where(p => !p.Approximate).ToList(), color, hollow: false);

            // Approximate points are hollow: white fill inside the series colour, drawn over the line.
            AddMarkers(plot, points.Where(p => p.Approximate).ToList(), color, hollow: true);
        }

        // Every plotted date may carry a label; Layout keeps those that fit.
        var dates = series.SelectMany(s => s.Points)
            .GroupBy(p => p.Date)
            .OrderBy(g => g.Key)
            .Select(g => (X: X(g.Key), g.First().Label))
            .ToList();

        // Explicit limits: ScottPlot's autoscale has nothing to go on for a single point or a flat series.
        var first = dates[0].X;
        var last = dates[^1].X;
        var padding = Math.Max(20d, (last - first) * 0.06);
        var (low, high) = yLimits ?? LineYLimits(series);
        plot.Axes.SetLimits(first - padding, last + padding, low, high);
        return dates;
    }

    /// <summary>
    /// Each series' latest value and its peak, as a short label over a ringed point; one label when the latest is
    /// the peak, and none for a peak of a single point. Latest labels come first, so they win any tie for room.
    /// </summary>
    private static IEnumerable<ChartAnnotation> Annotate(IReadOnlyList<ChartSeries> series, SeriesPalette palette, Func<double, string> number, Typography typography)
    {
        var texts = typography.Texts;
        var latest = new List<ChartAnnotation>();
        var peaks = new List<ChartAnnotation>();
        foreach (var s in series)
        {
            var color = palette.ColorOf(s);
            var points = s.Points.OrderBy(p => p.Date).ToList();
            var last = points[^1];

            // The first of equal bests is the peak: the date it was first reached. A rank peaks at its lowest.
            var better = s.LowerIsBetter ? (Func<double, double, bool>)((a, b) => a < b) : (a, b) => a > b;
            var peak = points.Aggregate((best, p) => better(p.Value, best.Value) ? p : best);
            var latestIsPeak = points.Count > 1 && !better(peak.Value, last.Value);
            var key = latestIsPeak ? "render.latest-peak" : "render.latest";
            latest.Add(new ChartAnnotation(X(last.Date), last.Value, texts.Format(key, ("value", number(last.Value))), color));
            if (!latestIsPeak && points.Count > 1)
            {
                peaks.Add(new ChartAnnotation(X(peak.Date), peak.Value, texts.Format("render.peak", ("value", number(peak.Value))), color));
            }
        }

        return [.. latest, .. peaks];
    }

    private static void AddMarkers(Plot plot, IReadOnlyList<SeriesPoint> points, Color color, bool hollow)
    {
        if (points.Count == 0)
        {
            return;
        }

        var markers = plot.Add.Markers(
            points.Select(p => X(p.Date)).ToArray(),
            points.Select(p => p.Value).ToArray(),
            MarkerShape.FilledCircle,
            MarkerSize,
            color);
        markers.LegendText = string.Empty;
        if (hollow)
        {
            markers.MarkerStyle.FillColor = Colors.White;
            markers.MarkerStyle.OutlineColor = color;
            markers.MarkerStyle.OutlineWidth = 1.5f;
        }
    }

    private static List<(double X, string Text)> AddBars(Plot plot, IReadOnlyList<ChartSeries> series, SeriesPalette palette, Func<double, string> number)
    {
        // Categories in order of first appearance; series sit side by side within each category.
        var labels = series.SelectMany(s => s.Points).Select(p => p.Label).Distinct().ToList();
        var groupWidth = 0.7;
        var barWidth = groupWidth / series.Count;

        // Values on top of the bars help with a few bars of one series; with more they collide.
        var labelValues = series.Count == 1 && labels.Count <= MaxValueLabels;

        for (var s = 0; s < series.Count; s++)
        {
            var color = ToColor(palette.ColorOf(series[s]));
            var bars = series[s].Points.Select(p => new Bar
            {
                Position = labels.IndexOf(p.Label) - (groupWidth / 2) + (barWidth * (s + 0.5)),
                Value = p.Value,
                Size = barWidth * 0.92,
                FillColor = p.Approximate ? color.WithAlpha(0.35) : color,
                LineColor = color,
                LineWidth = p.Approximate ? 1f : 0f,
                Label = labelValues ? number(p.Value) : string.Empty,
            }).ToList();

            var barPlot = plot.Add.Bars(bars);
            barPlot.LegendText = Label(series[s].Name);
            barPlot.ValueLabelStyle.FontName = BriefingFonts.ChartFamilyName;
            barPlot.ValueLabelStyle.FontSize = TickFontSize;
            barPlot.ValueLabelStyle.ForeColor = TickText;
        }

        plot.Axes.Bottom.MajorTickStyle.Length = 0;

        // Bars start at zero; the headroom keeps value labels inside the frame.
        var values = series.SelectMany(s => s.Points).Select(p => p.Value).ToList();
        var low = Math.Min(0d, values.Min());
        var high = Math.Max(0d, values.Max());
        var span = high - low > 0 ? high - low : 1d;
        plot.Axes.SetLimits(-0.6, labels.Count - 0.4, low < 0 ? low - (span * 0.1) : 0d, high + (span * 0.15));
        return labels.Select((label, i) => ((double)i, label)).ToList();
    }

    private static void Style(Plot plot, string yAxisLabel, Func<double, string> number)
    {
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;

        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            LabelFormatter = number,
            TargetTickCount = 5,
        };
        plot.Axes.Left.MinorTickStyle.Length = 0;
        plot.Axes.Bottom.MinorTickStyle.Length = 0;
        plot.YLabel(yAxisLabel, AxisLabelFontSize);
        plot.Axes.Left.Label.Bold = false;
        plot.Axes.Left.Label.ForeColor = TickText;

        // Open frame: left and bottom axes only, light horizontal grid lines.
        plot.Axes.Top.FrameLineStyle.Width = 0;
        plot.Axes.Right.FrameLineStyle.Width = 0;
        plot.Axes.Left.FrameLineStyle.Color = Frame;
        plot.Axes.Bottom.FrameLineStyle.Color = Frame;
        plot.Axes.Left.MajorTickStyle.Color = Frame;
        plot.Axes.Bottom.MajorTickStyle.Color = Frame;
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        plot.Grid.YAxisStyle.MajorLineStyle.Color = GridLine;
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0.6f;

        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontName = BriefingFonts.ChartFamilyName;
            axis.TickLabelStyle.FontName = BriefingFonts.ChartFamilyName;
            axis.TickLabelStyle.FontSize = TickFontSize;
            axis.TickLabelStyle.ForeColor = TickText;
        }

        plot.Axes.Title.Label.FontName = BriefingFonts.ChartFamilyName;

        // ChartView draws the legend above the plot, where it cannot cover data.
        plot.Legend.FontName = BriefingFonts.ChartFamilyName;
        plot.Legend.SetBestFontOnEachRender = false;
        plot.HideLegend();
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

    private static string Label(string text) => TextRun.Displayable(text, BriefingFonts.Regular);

    private static Color ToColor(SKColor color) => new(color.Red, color.Green, color.Blue, color.Alpha);
}
