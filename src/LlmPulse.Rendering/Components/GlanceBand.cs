using LlmPulse.Briefings;
using LlmPulse.Rendering.Layout;
using LlmPulse.Rendering.Text;
using SkiaSharp;

namespace LlmPulse.Rendering.Components;

/// <summary>
/// The cover's at-a-glance band: one tile per data section side by side, each with the section's name, its headline
/// series and period, the figure, its change coloured by direction, a 12-month sparkline and the source. Kept whole
/// on one page. In a right-to-left edition the first tile is the rightmost and text starts at each tile's right;
/// the sparkline keeps time running left to right, as the charts do.
/// </summary>
internal sealed class GlanceBand : Component
{
    private const float Gap = 8f;
    private const float Padding = 8f;
    private const float SparklineHeight = 24f;
    private const float SmallestValueSize = 11f;

    private readonly IReadOnlyList<GlanceTile> tiles;
    private readonly float tileWidth;
    private readonly float width;
    private readonly bool rightToLeft;

    /// <param name="palette">Colours a tile's sparkline as its series is coloured in the charts; without one, or
    /// for a tile without a series id, the accent.</param>
    public GlanceBand(IReadOnlyList<CoverTile> coverTiles, Typography typography, float width, Charts.SeriesPalette? palette = null)
    {
        this.width = width;
        rightToLeft = typography.IsRightToLeft;
        tileWidth = (width - (Gap * (coverTiles.Count - 1))) / coverTiles.Count;
        tiles = coverTiles.Select(t => new GlanceTile(t, typography, tileWidth - (2 * Padding), t.SeriesId is { } id && palette is not null ? palette.ColorOf(id) : BriefingTheme.Accent)).ToArray();
        Height = tiles.Max(t => t.Height) + (2 * Padding);
    }

    public override float Height { get; }

    public override void Draw(SKCanvas canvas, float x, float y)
    {
        using var fill = new SKPaint { Color = BriefingTheme.TileFill, Style = SKPaintStyle.Fill };
        using var bar = new SKPaint { Color = BriefingTheme.Accent, Style = SKPaintStyle.Fill };
        for (var i = 0; i < tiles.Count; i++)
        {
            var offset = i * (tileWidth + Gap);
            var left = rightToLeft ? x + width - offset - tileWidth : x + offset;
            canvas.DrawRect(left, y, tileWidth, Height, fill);
            canvas.DrawRect(left, y, tileWidth, 2.5f, bar);
            tiles[i].Draw(canvas, left + Padding, y + Padding);
        }
    }

    /// <summary>One tile's lines, measured for its inner width.</summary>
    private sealed class GlanceTile
    {
        private readonly List<(string Text, TextStyle Style, float Space)> lines = [];
        private readonly Sparkline? trend;
        private readonly int trendAfter;
        private readonly float innerWidth;
        private readonly SKColor trendColor;

        public GlanceTile(CoverTile tile, Typography typography, float innerWidth, SKColor trendColor)
        {
            this.innerWidth = innerWidth;
            this.trendColor = trendColor;
            Add(tile.Section, typography.GlanceSection, 0f);
            Add(tile.Label, typography.TileLabel, 1f);
            if (tile.Value is { } value)
            {
                var text = tile.Approximate ? $"{FigureMarkers.Approximate(typography.Texts)} {value}" : value;
                var style = typography.TileValue;
                while (TextRun.Measure(text, style) > innerWidth && style.Size > SmallestValueSize)
                {
                    style = typography.Resized(typography.TileValue, Math.Max(SmallestValueSize, style.Size - 1f));
                }

                Add(text, style, 3f);
            }

            if (tile.Change is { } change)
            {
                var style = tile.Direction switch
                {
                    ChangeDirection.Up => typography.GlanceUp,
                    ChangeDirection.Down => typography.GlanceDown,
                    _ => typography.GlanceFlat,
                };
                Add(change, style, 1f);
            }

            trendAfter = lines.Count;
            trend = tile.Trend is { IsDrawable: true } ? tile.Trend : null;
            if (tile.Source is { } source)
            {
                Add(source, typography.TileDetail, trend is null ? 3f : 0f);
            }

            Height = lines.Sum(l => l.Space + l.Style.LineHeight) + (trend is null ? 0f : SparklineHeight + 6f);
        }

        public float Height { get; }

        public void Draw(SKCanvas canvas, float x, float y)
        {
            for (var i = 0; i < lines.Count; i++)
            {
                if (i == trendAfter && trend is not null)
                {
                    SparklineView.Draw(canvas, SKRect.Create(x, y + 4f, innerWidth, SparklineHeight), trend, trendColor);
                    y += SparklineHeight + 6f;
                }

                var (text, style, space) = lines[i];
                y += space;
                TextRun.DrawInBox(canvas, text, x, innerWidth, y + style.BaselineOffset, style);
                y += style.LineHeight;
            }

            if (trendAfter == lines.Count && trend is not null)
            {
                SparklineView.Draw(canvas, SKRect.Create(x, y + 4f, innerWidth, SparklineHeight), trend, trendColor);
            }
        }

        private void Add(string text, TextStyle style, float space)
        {
            var wrapped = LineBreaker.Wrap(text, style, innerWidth);
            for (var i = 0; i < wrapped.Count; i++)
            {
                lines.Add((wrapped[i], style, i == 0 ? space : 0f));
            }
        }
    }
}
