using LlmPulse.Briefings;
using LlmPulse.Rendering.Components;
using SkiaSharp;

namespace LlmPulse.Rendering.Tests;

/// <summary>The cover as a reader sees it (PDF page and PNG), in both editions, and the seed month's length.</summary>
public sealed class CoverRenderingTests
{
    [Theory]
    [InlineData(BriefingLanguage.English)]
    [InlineData(BriefingLanguage.Arabic)]
    public void The_seed_month_with_its_cover_stays_within_eight_pages(BriefingLanguage language)
    {
        using var pdf = new RenderedPdf(new BriefingRenderer().Render(SeedBriefings.Build("2023-09", language)));

        Assert.InRange(pdf.PageCount, 2, 8);
    }

    [Fact]
    public void The_cover_shows_the_tiles_the_findings_and_what_changed_on_its_first_page()
    {
        var model = SeedBriefings.Build("2023-09");
        using var pdf = new RenderedPdf(new BriefingRenderer().Render(model));
        var cover = pdf.PageTexts[0];

        Assert.Contains("At a glance", cover, StringComparison.Ordinal);
        foreach (var tile in model.Cover!.Tiles)
        {
            Assert.Contains(tile.Section, cover, StringComparison.Ordinal);
            Assert.Contains(tile.Value ?? tile.Label, cover, StringComparison.Ordinal);
        }

        Assert.Contains("1.5 billion visits", cover, StringComparison.Ordinal);
        Assert.Contains("-9.6% vs previous month", cover, StringComparison.Ordinal);
        Assert.Contains("Source: SimilarWeb", cover, StringComparison.Ordinal);

        // Tiles, then findings, then what changed: the order a reader meets them.
        var glance = cover.IndexOf("At a glance", StringComparison.Ordinal);
        var findings = cover.IndexOf("Key findings", StringComparison.Ordinal);
        var changed = cover.IndexOf("What changed since the last briefing", StringComparison.Ordinal);
        Assert.True(glance < findings && findings < changed, cover);
        Assert.Contains("New figures for periods ending in September 2023", cover, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_data_section_opens_with_its_summary_line()
    {
        var model = SeedBriefings.Build("2023-09");
        using var pdf = new RenderedPdf(new BriefingRenderer().Render(model));

        var traffic = pdf.PageTexts[1];
        Assert.StartsWith("LlmPulse monthly briefing September 2023 Web traffic ChatGPT web visits, worldwide was 1.5 billion visits in Jul 2023", traffic, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BriefingLanguage.English)]
    [InlineData(BriefingLanguage.Arabic)]
    public void The_cover_png_is_the_first_page_drawn_by_the_same_renderer(BriefingLanguage language)
    {
        var model = SeedBriefings.Build("2023-09", language);

        var png = new BriefingRenderer().RenderCoverImage(model);

        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal(745, bitmap.Width);
        Assert.Equal(1053, bitmap.Height);
        Assert.Equal(BriefingTheme.Accent, bitmap.GetPixel(bitmap.Width / 2, 4));

        // The band of tiles: three filled boxes side by side, the traffic tile at the start side of the reading order.
        var row = Enumerable.Range(0, bitmap.Width).Select(x => bitmap.GetPixel(x, BandRow(bitmap))).ToArray();
        Assert.True(row.Count(c => c == BriefingTheme.TileFill) > bitmap.Width / 2, "the at-a-glance tiles fill most of the row");
    }

    [Fact]
    public void A_figure_without_neighbours_is_a_dot_on_the_sparkline()
    {
        using var bitmap = new SKBitmap(120, 30);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            SparklineView.Draw(canvas, new SKRect(0, 0, 120, 30), new Sparkline([5, null, null, null, 8, 9]), SKColors.Black);
        }

        // May's lone figure, at the far left and lowest, is drawn although no stroke reaches it.
        Assert.Contains(Enumerable.Range(0, 5).SelectMany(x => Enumerable.Range(22, 8).Select(y => bitmap.GetPixel(x, y))), c => c.Red < 128);
    }

    /// <summary>The first pixel row, below the title block, where the tiles' fill starts.</summary>
    private static int BandRow(SKBitmap bitmap)
    {
        for (var y = 200; y < bitmap.Height / 2; y++)
        {
            if (Enumerable.Range(0, bitmap.Width).Count(x => bitmap.GetPixel(x, y) == BriefingTheme.TileFill) > bitmap.Width / 2)
            {
                return y + 20;
            }
        }

        return 0;
    }
}
