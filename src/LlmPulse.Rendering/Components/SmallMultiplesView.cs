using LlmPulse.Briefings;
using LlmPulse.Rendering.Charts;
using LlmPulse.Rendering.Layout;
using LlmPulse.Rendering.Text;
using SkiaSharp;

namespace LlmPulse.Rendering.Components;

/// <summary>
/// Comparable series as a grid of small line charts on one y scale, each titled with its series' name next to a
/// swatch of its document colour; kept whole on one page. Panels run from the start side, so a right-to-left
/// edition reads them from the right; inside each panel time runs left to right as in every chart.
/// </summary>
internal sealed class SmallMultiplesView : Component
{
    public const float PanelPlotHeight = 112f;
    private const float ColumnGap = 12f;
    private const float RowGap = 8f;
    private const float TitleGap = 4f;
    private const float Swatch = 10f;
    private const float SwatchGap = 4f;
    private const int MaxPanelTitleLines = 2;

    private readonly SmallMultiplesBlock block;
    private readonly Typography typography;
    private readonly SeriesPalette palette;
    private readonly float width;
    private readonly IReadOnlyList<string> titleLines;
    private readonly IReadOnlyList<ChartSeries> series;
    private readonly IReadOnlyList<IReadOnlyList<string>> panelTitles;
    private readonly int columns;
    private readonly float panelWidth;
    private readonly float panelTitleHeight;
    private readonly (double Low, double High) yLimits;

    public SmallMultiplesView(SmallMultiplesBlock block, Typography typography, float width, SeriesPalette palette)
    {
        this.block = block;
        this.typography = typography;
        this.palette = palette;
        this.width = width;
        series = ChartPlots.PlottableSeries(new ChartBlock(block.Title, block.YAxisLabel, ChartKind.Line, block.Series)).ToList();

        // Four panels read better as two by two than as three and one.
        columns = series.Count is 2 or 4 ? 2 : Math.Min(3, Math.Max(1, series.Count));
        panelWidth = (width - (ColumnGap * (columns - 1))) / columns;
        titleLines = string.IsNullOrWhiteSpace(block.Title) ? [] : LineBreaker.Wrap(block.Title, typography.ChartTitle, width);
        var legend = typography.ChartLegend;
        panelTitles = series
            .Select(s => (IReadOnlyList<string>)[.. LineBreaker.Wrap(s.Name, legend, panelWidth - Swatch - SwatchGap).Take(MaxPanelTitleLines)])
            .ToList();

        // Every panel keeps room for the longest title, so the plots of a row line up.
        panelTitleHeight = panelTitles.Select(t => t.Count).DefaultIfEmpty(1).Max() * legend.LineHeight;
        yLimits = ChartPlots.LineYLimits(series);
        Height = (titleLines.Count * typography.ChartTitle.LineHeight) + TitleGap + (Rows * PanelHeight) + ((Rows - 1) * RowGap);
    }

    public override float Height { get; }

    public int Panels => series.Count;

    private int Rows => Math.Max(1, (series.Count + columns - 1) / columns);

    private float PanelHeight => panelTitleHeight + PanelPlotHeight;

    public override void Draw(SKCanvas canvas, float x, float y)
    {
        foreach (var line in titleLines)
        {
            TextRun.DrawInBox(canvas, line, x, width, y + typography.ChartTitle.BaselineOffset, typography.ChartTitle);
            y += typography.ChartTitle.LineHeight;
        }

        y += TitleGap;
        for (var i = 0; i < series.Count; i++)
        {
            var (row, column) = (i / columns, i % columns);
            var startOffset = column * (panelWidth + ColumnGap);
            var left = typography.IsRightToLeft ? x + width - startOffset - panelWidth : x + startOffset;
            var top = y + (row * (PanelHeight + RowGap));
            DrawPanel(canvas, i, left, top);
        }
    }

    private void DrawPanel(SKCanvas canvas, int index, float left, float top)
    {
        var style = typography.ChartLegend;
        var s = series[index];
        var rightToLeft = style.IsRightToLeft;
        var lineTop = top;
        var lines = panelTitles[index];
        for (var l = 0; l < lines.Count; l++)
        {
            // The swatch on the first line, at the start side; the name beside it.
            if (l == 0)
            {
                using var paint = new SKPaint { Color = palette.ColorOf(s), IsAntialias = true, Style = SKPaintStyle.Fill };
                var middle = lineTop + style.BaselineOffset - (style.CapHeight / 2f);
                var swatchLeft = rightToLeft ? left + panelWidth - Swatch : left;
                canvas.DrawRect(swatchLeft, middle - 0.9f, Swatch, 1.8f, paint);
            }

            var textLeft = rightToLeft ? left : left + Swatch + SwatchGap;
            TextRun.DrawInBox(canvas, lines[l], textLeft, panelWidth - Swatch - SwatchGap, lineTop + style.BaselineOffset, style);
            lineTop += style.LineHeight;
        }

        var panel = new ChartBlock(string.Empty, block.YAxisLabel, ChartKind.Line, [s]);
        using var plot = ChartPlots.Create(panel, typography, palette, yLimits);
        ChartPlots.DrawAsVectors(plot, canvas, left, top + panelTitleHeight, panelWidth, PanelPlotHeight, typography);
    }
}
