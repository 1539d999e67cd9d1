using LlmPulse.Briefings;
using LlmPulse.Rendering.Layout;
using LlmPulse.Rendering.Text;
using SkiaSharp;

namespace LlmPulse.Rendering.Components;

/// <summary>
/// Key figures as tiles (label, large value, detail), wrapped into rows of up to three, with a legend for the
/// derived/approximate markers under the rows. Splits between tile rows. In a right-to-left edition the first
/// tile is the rightmost and each tile is mirrored (accent bar on the right, text right-aligned).
/// </summary>
internal static class FigureTiles
{
    private const int MaxTilesPerRow = 3;
    private const float Gap = 8f;
    private const float AccentBar = 3f;
    private const float Padding = 9f;
    private const float SmallestValueSize = 11f;

    public static RowStack Create(IReadOnlyList<KeyFigure> figures, Typography typography, float width)
    {
        // Balanced rows: five figures become 3 + 2, four become 2 + 2.
        var rowCount = (figures.Count + MaxTilesPerRow - 1) / MaxTilesPerRow;
        var perRow = (figures.Count + rowCount - 1) / rowCount;
        var tileWidth = (width - (Gap * (perRow - 1))) / perRow;

        var rows = new List<Row>();
        foreach (var chunk in figures.Chunk(perRow))
        {
            var tiles = chunk.Select(f => new Tile(f, typography, tileWidth)).ToList();
            rows.Add(new TileRow(tiles, tileWidth, width, typography.IsRightToLeft, spaceAbove: rows.Count == 0 ? 0f : Gap));
        }

        var legend = new List<string>();
        if (figures.Any(f => f.Origin == FigureOrigin.Derived))
        {
            legend.Add(FigureMarkers.DerivedLegend(typography.Texts));
        }

        if (figures.Any(f => f.Approximate))
        {
            legend.Add(FigureMarkers.ApproximateLegend(typography.Texts));
        }

        var legendRows = legend
            .SelectMany(text => LineBreaker.Wrap(text, typography.Note, width))
            .Select((line, i) => (Row)new LegendLineRow(line, typography.Note, width, spaceAbove: i == 0 ? 5f : 0f))
            .ToList();
        rows.AddRange(legendRows);

        // The legend explains the rows above it, so it never starts a page on its own.
        return new RowStack(rows, keepTogetherRows: 1 + (rowCount == 1 ? legendRows.Count : 0), minimumRowsAfterSplit: legendRows.Count + 1);
    }

    private sealed class TileRow(IReadOnlyList<Tile> tiles, float tileWidth, float rowWidth, bool rightToLeft, float spaceAbove) : Row
    {
        private readonly float tileHeight = tiles.Max(t => t.Height);

        public override float Height => spaceAbove + tileHeight;

        public override void Draw(SKCanvas canvas, float x, float y)
        {
            for (var i = 0; i < tiles.Count; i++)
            {
                var offset = i * (tileWidth + Gap);
                var left = rightToLeft ? x + rowWidth - offset - tileWidth : x + offset;
                tiles[i].Draw(canvas, left, y + spaceAbove, tileWidth, tileHeight);
            }
        }
    }

    private sealed class LegendLineRow(string text, TextStyle style, float width, float spaceAbove) : Row
    {
        public override float Height => spaceAbove + style.LineHeight;

        public override void Draw(SKCanvas canvas, float x, float y) =>
            TextRun.DrawInBox(canvas, text, x, width, y + spaceAbove + style.BaselineOffset, style);
    }

    /// <summary>One key figure, measured for a given tile width.</summary>
    private sealed class Tile
    {
        private readonly IReadOnlyList<string> labelLines;
        private readonly IReadOnlyList<string> valueLines;
        private readonly IReadOnlyList<string> detailLines;
        private readonly Typography typography;
        private readonly TextStyle valueStyle;
        private readonly TextStyle daggerStyle;
        private readonly string? approximateMarker;
        private readonly bool derived;

        public Tile(KeyFigure figure, Typography typography, float tileWidth)
        {
            this.typography = typography;
            var innerWidth = tileWidth - AccentBar - (2 * Padding);

            labelLines = LineBreaker.Wrap(figure.Label, typography.TileLabel, innerWidth);
            detailLines = string.IsNullOrWhiteSpace(figure.Detail)
                ? []
                : LineBreaker.Wrap(figure.Detail, typography.TileDetail, innerWidth);
            approximateMarker = figure.Approximate ? FigureMarkers.Approximate(typography.Texts) + " " : null;
            derived = figure.Origin == FigureOrigin.Derived;

            // Shrink the value until it fits on one line; wrap it only if even the smallest size is too wide.
            valueStyle = typography.TileValue;
            while (ValueWidth(figure.Value, valueStyle) > innerWidth && valueStyle.Size > SmallestValueSize)
            {
                valueStyle = typography.Resized(typography.TileValue, Math.Max(SmallestValueSize, valueStyle.Size - 1f));
            }

            daggerStyle = typography.Resized(typography.TileValue, valueStyle.Size * 0.62f);
            valueLines = ValueWidth(figure.Value, valueStyle) <= innerWidth
                ? [figure.Value]
                : LineBreaker.Wrap(figure.Value, valueStyle, innerWidth - MarkerWidth() - DaggerWidth());

            Height = Padding
                + (labelLines.Count * typography.TileLabel.LineHeight)
                + 3f
                + (valueLines.Count * valueStyle.LineHeight)
                + (detailLines.Count > 0 ? 2f + (detailLines.Count * typography.TileDetail.LineHeight) : 0f)
                + Padding;
        }

        public float Height { get; }

        public void Draw(SKCanvas canvas, float x, float y, float width, float height)
        {
            var rightToLeft = typography.IsRightToLeft;
            using (var fill = new SKPaint { Color = BriefingTheme.TileFill, Style = SKPaintStyle.Fill, IsAntialias = true })
            {
                canvas.DrawRect(x, y, width, height, fill);
            }

            using (var bar = new SKPaint { Color = BriefingTheme.Accent, Style = SKPaintStyle.Fill })
            {
                canvas.DrawRect(rightToLeft ? x + width - AccentBar : x, y, AccentBar, height, bar);
            }

            var left = rightToLeft ? x + Padding : x + AccentBar + Padding;
            var innerWidth = width - AccentBar - (2 * Padding);
            var top = y + Padding;
            foreach (var line in labelLines)
            {
                TextRun.DrawInBox(canvas, line, left, innerWidth, top + typography.TileLabel.BaselineOffset, typography.TileLabel);
                top += typography.TileLabel.LineHeight;
            }

            top += 3f;
            for (var i = 0; i < valueLines.Count; i++)
            {
                var baseline = top + valueStyle.BaselineOffset;

                // The marker, the value and the dagger follow each other in reading order: from the tile's start.
                var cursor = rightToLeft ? left + innerWidth : left;
                if (i == 0 && approximateMarker is not null)
                {
                    DrawFromStart(canvas, approximateMarker, ref cursor, baseline, typography.TileMarker, MarkerWidth(), rightToLeft);
                }

                DrawFromStart(canvas, valueLines[i], ref cursor, baseline, valueStyle, TextRun.Measure(valueLines[i], valueStyle), rightToLeft);
                if (i == valueLines.Count - 1 && derived)
                {
                    // Raised like a footnote mark, pointing at the legend under the tiles.
                    var daggerWidth = TextRun.Measure(FigureMarkers.Derived, daggerStyle);
                    var daggerX = rightToLeft ? cursor - 1f - daggerWidth : cursor + 1f;
                    TextRun.Draw(canvas, FigureMarkers.Derived, daggerX, baseline - (valueStyle.Size * 0.32f), daggerStyle);
                }

                top += valueStyle.LineHeight;
            }

            if (detailLines.Count > 0)
            {
                top += 2f;
                foreach (var line in detailLines)
                {
                    TextRun.DrawInBox(canvas, line, left, innerWidth, top + typography.TileDetail.BaselineOffset, typography.TileDetail);
                    top += typography.TileDetail.LineHeight;
                }
            }
        }

        private static void DrawFromStart(SKCanvas canvas, string text, ref float cursor, float baseline, TextStyle style, float width, bool rightToLeft)
        {
            if (rightToLeft)
            {
                cursor -= width;
                TextRun.Draw(canvas, text, cursor, baseline, style);
            }
            else
            {
                TextRun.Draw(canvas, text, cursor, baseline, style);
                cursor += width;
            }
        }

        private float ValueWidth(string value, TextStyle style) =>
            MarkerWidth() + TextRun.Measure(value, style) + DaggerWidth(style.Size);

        private float MarkerWidth() =>
            approximateMarker is null ? 0f : TextRun.Measure(approximateMarker, typography.TileMarker);

        private float DaggerWidth(float? valueSize = null) =>
            !derived ? 0f : 1f + (TextRun.Measure(FigureMarkers.Derived, typography.TileValue) * (valueSize ?? valueStyle.Size) * 0.62f / typography.TileValue.Size);
    }
}
