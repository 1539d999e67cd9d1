using LlmPulse.Briefings;
using LlmPulse.Rendering.Charts;
using LlmPulse.Rendering.Layout;
using LlmPulse.Rendering.Text;
using SkiaSharp;

namespace LlmPulse.Rendering.Components;

/// <summary>
/// A titled chart, kept whole on one page. The plot is built only when the page is drawn. Title, legend and
/// note follow the edition's direction; the plot itself keeps time running left to right in every edition.
/// </summary>
internal sealed class ChartView : Component
{
    public const float PlotHeight = 180f;
    private const float TitleGap = 2f;
    private const float LegendSwatch = 16f;
    private const float LegendSwatchGap = 4f;
    private const float LegendItemGap = 14f;

    private readonly ChartBlock chart;
    private readonly Typography typography;
    private readonly SeriesPalette palette;
    private readonly float width;
    private readonly IReadOnlyList<string> titleLines;
    private readonly IReadOnlyList<string> noteLines;
    private readonly IReadOnlyList<LegendLine> legendLines;

    public ChartView(ChartBlock chart, Typography typography, float width, SeriesPalette palette)
    {
        this.chart = chart;
        this.palette = palette;
        this.typography = typography;
        this.width = width;
        titleLines = string.IsNullOrWhiteSpace(chart.Title) ? [] : LineBreaker.Wrap(chart.Title, typography.ChartTitle, width);

        // The marker difference must be explained in words, or a reader cannot tell what a hollow point means.
        var note = !ChartPlots.HasApproximatePoints(chart)
            ? null
            : chart.Kind == ChartKind.Line
                ? typography.Texts["render.hollow-markers"]
                : typography.Texts["render.light-bars"];
        noteLines = note is null ? [] : LineBreaker.Wrap(note, typography.Note, width);
        legendLines = LayOutLegend(chart, typography.ChartLegend, width);

        Height = (titleLines.Count * typography.ChartTitle.LineHeight)
            + (legendLines.Count * typography.ChartLegend.LineHeight)
            + TitleGap
            + PlotHeight
            + (noteLines.Count * typography.Note.LineHeight);
    }

    public override float Height { get; }

    public override void Draw(SKCanvas canvas, float x, float y)
    {
        foreach (var line in titleLines)
        {
            TextRun.DrawInBox(canvas, line, x, width, y + typography.ChartTitle.BaselineOffset, typography.ChartTitle);
            y += typography.ChartTitle.LineHeight;
        }

        foreach (var legendLine in legendLines)
        {
            DrawLegendLine(canvas, legendLine, x, y);
            y += typography.ChartLegend.LineHeight;
        }

        y += TitleGap;
        using (var plot = ChartPlots.Create(chart, typography, palette))
        {
            ChartPlots.DrawAsVectors(plot, canvas, x, y, width, PlotHeight, typography);
        }

        y += PlotHeight;
        foreach (var line in noteLines)
        {
            TextRun.DrawInBox(canvas, line, x, width, y + typography.Note.BaselineOffset, typography.Note);
            y += typography.Note.LineHeight;
        }
    }

    /// <summary>
    /// The legend sits between title and plot, drawn with the document's text, so it never covers data points
    /// (an in-plot legend does when a series starts high on the left).
    /// </summary>
    private static IReadOnlyList<LegendLine> LayOutLegend(ChartBlock chart, TextStyle style, float width)
    {
        var series = ChartPlots.PlottableSeries(chart).ToList();
        if (series.Count < 2)
        {
            return [];
        }

        var lines = new List<LegendLine>();
        var items = new List<LegendItem>();
        var cursor = 0f;
        for (var i = 0; i < series.Count; i++)
        {
            var itemWidth = LegendSwatch + LegendSwatchGap + TextRun.Measure(series[i].Name, style);
            if (items.Count > 0 && cursor + itemWidth > width)
            {
                lines.Add(new LegendLine(items));
                items = [];
                cursor = 0f;
            }

            items.Add(new LegendItem(series[i], cursor, itemWidth));
            cursor += itemWidth + LegendItemGap;
        }

        lines.Add(new LegendLine(items));
        return lines;
    }

    private void DrawLegendLine(SKCanvas canvas, LegendLine line, float x, float y)
    {
        var style = typography.ChartLegend;
        var middle = y + style.BaselineOffset - (style.CapHeight / 2f);
        foreach (var item in line.Items)
        {
            var color = palette.ColorOf(item.Series);
            using var paint = new SKPaint { Color = color, IsAntialias = true, Style = SKPaintStyle.Fill };

            // Items run from the start side; each puts its swatch first in reading order, then its name.
            var rightToLeft = style.IsRightToLeft;
            var itemLeft = rightToLeft ? x + width - item.Offset - item.Width : x + item.Offset;
            var swatchLeft = rightToLeft ? itemLeft + item.Width - LegendSwatch : itemLeft;
            var textLeft = rightToLeft ? itemLeft : itemLeft + LegendSwatch + LegendSwatchGap;
            if (chart.Kind == ChartKind.Bar)
            {
                canvas.DrawRect(swatchLeft + 2f, middle - 4f, LegendSwatch - 4f, 8f, paint);
            }
            else
            {
                canvas.DrawRect(swatchLeft, middle - 0.9f, LegendSwatch, 1.8f, paint);
                canvas.DrawCircle(swatchLeft + (LegendSwatch / 2f), middle, 2.8f, paint);
            }

            TextRun.Draw(canvas, item.Series.Name, textLeft, y + style.BaselineOffset, style);
        }
    }

    private sealed record LegendItem(ChartSeries Series, float Offset, float Width);

    private sealed record LegendLine(IReadOnlyList<LegendItem> Items);
}
