using LlmPulse.Briefings;
using LlmPulse.Rendering.Components;
using SkiaSharp;

namespace LlmPulse.Rendering.Tests;

public sealed class SparklineViewTests
{
    private static readonly SKColor Ink = SKColors.Black;

    [Fact]
    public void A_missing_month_leaves_a_gap_instead_of_dropping_to_zero()
    {
        // Twelve months, the middle two missing: nothing may be drawn between months 5 and 8.
        var values = new double?[] { 1, 2, 3, 4, 5, 6, null, null, 9, 10, 11, 12 };
        using var bitmap = Draw(values, width: 230, height: 40);

        var stepX = (230 - 2 * 1.8f) / 11f;
        var gapFrom = (int)(1.8f + (5 * stepX) + 4);
        var gapTo = (int)(1.8f + (8 * stepX) - 4);
        Assert.True(gapTo > gapFrom);
        Assert.False(ColumnsHaveInk(bitmap, gapFrom, gapTo), "a stroke crosses the months with no figure");
        Assert.True(ColumnsHaveInk(bitmap, 0, gapFrom), "the months before the gap are drawn");
        Assert.True(ColumnsHaveInk(bitmap, gapTo, 229), "the months after the gap are drawn");
    }

    [Fact]
    public void Rising_series_ends_top_right_with_a_dot_on_the_latest_figure()
    {
        using var bitmap = Draw([1, 2, 3, 4, 5], width: 100, height: 40);

        Assert.True(RowsHaveInk(bitmap, 0, 5, fromX: 90), "the latest (highest) figure is at the top right");
        Assert.True(RowsHaveInk(bitmap, 35, 40, fromX: 0, toX: 10), "the first (lowest) figure is at the bottom left");
        Assert.False(RowsHaveInk(bitmap, 35, 40, fromX: 90), "nothing at the bottom right");
    }

    [Fact]
    public void Flat_series_is_drawn_across_the_middle()
    {
        using var bitmap = Draw([7, 7, 7, 7], width: 100, height: 40);

        Assert.True(RowsHaveInk(bitmap, 17, 23, fromX: 10, toX: 90));
        Assert.False(RowsHaveInk(bitmap, 0, 12, fromX: 0));
        Assert.False(RowsHaveInk(bitmap, 28, 40, fromX: 0));
    }

    [Theory]
    [InlineData(new double[0])]
    [InlineData(new double[] { 42 })]
    public void Fewer_than_two_figures_draw_nothing(double[] figures)
    {
        using var bitmap = Draw(figures.Select(f => (double?)f).Append(null).ToArray(), width: 100, height: 40);

        Assert.False(RowsHaveInk(bitmap, 0, 40, fromX: 0));
    }

    private static SKBitmap Draw(double?[] values, int width, int height)
    {
        var bitmap = new SKBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        SparklineView.Draw(canvas, new SKRect(0, 0, width, height), new Sparkline(values), Ink);
        canvas.Flush();
        return bitmap;
    }

    private static bool ColumnsHaveInk(SKBitmap bitmap, int fromX, int toX) => RowsHaveInk(bitmap, 0, bitmap.Height, fromX, toX);

    private static bool RowsHaveInk(SKBitmap bitmap, int fromY, int toY, int fromX, int toX = int.MaxValue)
    {
        for (var y = Math.Max(0, fromY); y < Math.Min(bitmap.Height, toY); y++)
        {
            for (var x = Math.Max(0, fromX); x < Math.Min(bitmap.Width, toX); x++)
            {
                if (bitmap.GetPixel(x, y).Red < 128)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
