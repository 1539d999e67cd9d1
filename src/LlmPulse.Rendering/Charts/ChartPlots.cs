using LlmPulse.Briefings;
using LlmPulse.Rendering.Text;
using ScottPlot;
using ScottPlot.TickGenerators;
using SkiaSharp;

namespace LlmPulse.Rendering.Charts;

/// <summary>A ScottPlot plot and the labels the document draws over it itself.</summary>
internal sealed class ChartPlot(Plot plot, IReadOnlyList<(double X, string Text)> bottomLabels, string? yLabel, bool barTicks) : IDisposable
{
    public Plot Plot { get; } = plot;

    /// <summary>Category or date labels under the x axis, drawn by the text component; empty when ScottPlot draws them.</summary>
    public IReadOnlyList<(double X, string Text)> BottomLabels { get; } = bottomLabels;

    /// <summary>The y-axis title drawn by the text component (rotated), or null when ScottPlot draws it.</summary>
    public string? YLabel { get; } = yLabel;

    public bool BarTicks { get; } = barTicks;

    public void Dispose() => Plot.Dispose();
}

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
    private const float MinimumTickSpacing = 58f;
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

    public static ChartPlot Create(ChartBlock chart, float width, Typography typography)
    {
        ChartFontResolver.EnsureRegistered();
        var plot = new Plot();
        var series = PlottableSeries(chart).ToList();

        // Scale words instead of Latin letters (1.5B) where the edition is not English.
        var values = series.SelectMany(s => s.Points).Select(p => p.Value).ToList();
        var (divisor, scaleKey) = typography.IsRightToLeft ? AxisScale(values) : (1d, null);
        Func<double, string> number = typography.IsRightToLeft ? v => ScaledNumber(v / divisor) : CompactNumber.Format;
        var yLabel = scaleKey is null
            ? chart.YAxisLabel
            : typography.Texts.Format("render.axis-scale", ("label", chart.YAxisLabel), ("scale", typography.Texts[scaleKey]));

        var labels = series.SelectMany(s => s.Points).Select(p => p.Label).ToList();
        var selfDrawn = !labels.Append(yLabel).All(TextRun.IsPlainLeftToRight);
        var bottomLabels = new List<(double X, string Text)>();
        string TickLabel(double x, string text)
        {
            if (!selfDrawn)
            {
                return Label(text);
            }

            // A blank label keeps the room ScottPlot would give the real one; the document draws it there.
            bottomLabels.Add((x, text));
            return " ";
        }

        if (chart.Kind == ChartKind.Bar)
        {
            AddBars(plot, series, width, TickLabel, number);
        }
        else
        {
            AddLines(plot, series, width, TickLabel);
        }

        Style(plot, selfDrawn ? " " : Label(yLabel), number);
        return new ChartPlot(plot, bottomLabels, selfDrawn ? yLabel : null, chart.Kind == ChartKind.Bar);
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
        using (var layoutPass = new SKNoDrawCanvas(w, h))
        {
            plot.Render(layoutPass, w, h);
        }

        plot.RenderManager.ClearCanvasBeforeEachRender = false;

        canvas.Save();
        canvas.ClipRect(SKRect.Create(x, y, w, h));
        canvas.Translate(x, y);
        plot.Render(canvas, w, h);
        canvas.Restore();

        DrawLabels(chart, canvas, x, y, typography);
    }

    /// <summary>Draws the labels ScottPlot left blank, where it reserved room for them.</summary>
    private static void DrawLabels(ChartPlot chart, SKCanvas canvas, float x, float y, Typography typography)
    {
        var plot = chart.Plot;
        var data = plot.LastRender.DataRect;
        var tick = typography.ChartTick;
        var tickLength = chart.BarTicks ? 0f : plot.Axes.Bottom.MajorTickStyle.Length;
        foreach (var (value, text) in chart.BottomLabels)
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

    private static void AddLines(Plot plot, IReadOnlyList<ChartSeries> series, float width, Func<double, string, string> tickLabel)
    {
        for (var s = 0; s < series.Count; s++)
        {
            var color = SeriesColor(s);
            var points = series[s].Points.OrderBy(p => p.Date).ToList();
            var xs = points.Select(p => X(p.Date)).ToArray();
            var ys = points.Select(p => p.Value).ToArray();

            var line = plot.Add.ScatterLine(xs, ys, color);
            line.LineWidth = 1.8f;
            line.MarkerSize = 0;
            line.LegendText = Label(series[s].Name);

            AddMarkers(plot, points.Where(p => !p.Approximate).ToList(), color, hollow: false);

            // Approximate points are hollow: white fill inside the series colour, drawn over the line.
            AddMarkers(plot, points.Where(p => p.Approximate).ToList(), color, hollow: true);
        }

        // One tick per plotted date, thinned so labels never collide; the latest date always keeps its label.
        var dates = series.SelectMany(s => s.Points)
            .GroupBy(p => p.Date)
            .OrderBy(g => g.Key)
            .Select(g => (Date: g.Key, g.First().Label))
            .ToList();
        var maxTicks = Math.Max(2, (int)(width / MinimumTickSpacing));
        var step = (dates.Count + maxTicks - 1) / maxTicks;
        var ticks = new NumericManual();
        for (var i = dates.Count - 1; i >= 0; i -= step)
        {
            ticks.AddMajor(X(dates[i].Date), tickLabel(X(dates[i].Date), dates[i].Label));
        }

        plot.Axes.Bottom.TickGenerator = ticks;

        // Explicit limits: ScottPlot's autoscale has nothing to go on for a single point or a flat series.
        var first = X(dates[0].Date);
        var last = X(dates[^1].Date);
        var padding = Math.Max(20d, (last - first) * 0.06);
        var values = series.SelectMany(s => s.Points).Select(p => p.Value).ToList();
        var (low, high) = (values.Min(), values.Max());
        var span = high - low;
        if (span <= 0)
        {
            span = Math.Abs(high) > 0 ? Math.Abs(high) * 0.4 : 1d;
            (low, high) = (low - (span / 2), high + (span / 2));
        }

        plot.Axes.SetLimits(first - padding, last + padding, low - (span * 0.12), high + (span * 0.18));
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

    private static void AddBars(Plot plot, IReadOnlyList<ChartSeries> series, float width, Func<double, string, string> tickLabel, Func<double, string> number)
    {
        // Categories in order of first appearance; series sit side by side within each category.
        var labels = series.SelectMany(s => s.Points).Select(p => p.Label).Distinct().ToList();
        var groupWidth = 0.7;
        var barWidth = groupWidth / series.Count;

        // Values on top of the bars help with a few bars of one series; with more they collide.
        var labelValues = series.Count == 1 && labels.Count <= MaxValueLabels;

        for (var s = 0; s < series.Count; s++)
        {
            var color = SeriesColor(s);
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

        // As for lines: thinned so labels never collide, counted back from the latest bar.
        var ticks = new NumericManual();
        var maxTicks = Math.Max(2, (int)(width / MinimumTickSpacing));
        var step = (labels.Count + maxTicks - 1) / maxTicks;
        for (var i = labels.Count - 1; i >= 0; i -= step)
        {
            ticks.AddMajor(i, tickLabel(i, labels[i]));
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;

        // Bars start at zero; the headroom keeps value labels inside the frame.
        var values = series.SelectMany(s => s.Points).Select(p => p.Value).ToList();
        var low = Math.Min(0d, values.Min());
        var high = Math.Max(0d, values.Max());
        var span = high - low > 0 ? high - low : 1d;
        plot.Axes.SetLimits(-0.6, labels.Count - 0.4, low < 0 ? low - (span * 0.1) : 0d, high + (span * 0.15));
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

    private static Color SeriesColor(int index) => ToColor(BriefingTheme.Series[index % BriefingTheme.Series.Count]);

    private static Color ToColor(SKColor color) => new(color.Red, color.Green, color.Blue, color.Alpha);
}
