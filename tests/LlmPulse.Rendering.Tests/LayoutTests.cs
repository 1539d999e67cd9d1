using LlmPulse.Rendering.Charts;
using LlmPulse.Rendering.Components;
using LlmPulse.Rendering.Layout;
using LlmPulse.Rendering.Text;
using SkiaSharp;

namespace LlmPulse.Rendering.Tests;

public sealed class LayoutTests
{
    [Fact]
    public void Component_that_does_not_fit_moves_to_a_new_page()
    {
        var flow = new PageFlow(PageKind.Content);
        flow.Add(new FixedBox(PageLayout.ContentHeight - 50f), 0f);
        flow.Add(new FixedBox(80f), 10f);

        Assert.Equal(2, flow.Pages.Count);
        Assert.Equal(PageLayout.ContentTop, flow.Pages[1].Components[0].Y);
    }

    [Fact]
    public void Heading_moves_with_its_next_block_when_both_do_not_fit()
    {
        var flow = new PageFlow(PageKind.Content);
        flow.Add(new FixedBox(PageLayout.ContentHeight - 60f), 0f);
        var next = new FixedBox(100f);

        // 20pt heading fits in the 60pt left, but the block after it would not start on this page.
        flow.Add(new FixedBox(20f), 10f, keepWithNextHeight: 8f + next.MinimumHeadHeight);
        flow.Add(next, 8f);

        Assert.Single(flow.Pages[0].Components);
        Assert.Equal(2, flow.Pages[1].Components.Count);
    }

    [Fact]
    public void Row_stack_splits_between_rows_and_repeats_its_header()
    {
        var header = new FixedRow(20f);
        var rows = new List<Row> { header };
        rows.AddRange(Enumerable.Range(0, 100).Select(_ => new FixedRow(20f)));
        var table = new RowStack(rows, keepTogetherRows: 2, minimumRowsAfterSplit: 2, repeatedHeader: header);

        var flow = new PageFlow(PageKind.Content);
        flow.Add(table, 0f);

        Assert.True(flow.Pages.Count >= 3);
        var totalHeight = flow.Pages.Sum(p => p.Components.Sum(c => c.Component.Height));
        Assert.Equal(20f * (101 + flow.Pages.Count - 1), totalHeight);
        Assert.All(flow.Pages, p => Assert.True(p.Components[0].Y + p.Components[0].Component.Height <= PageLayout.ContentBottom + 0.01f));
    }

    [Fact]
    public void Paragraph_does_not_leave_a_single_line_on_either_page()
    {
        var rows = Enumerable.Range(0, 5).Select(_ => (Row)new FixedRow(10f)).ToList();
        var paragraph = new RowStack(rows, keepTogetherRows: 2, minimumRowsAfterSplit: 2);

        var split = paragraph.Split(availableHeight: 41f, pageIsEmpty: false);
        Assert.Equal(30f, split.Head!.Height);
        Assert.Equal(20f, split.Rest!.Height);

        Assert.Null(paragraph.Split(availableHeight: 15f, pageIsEmpty: false).Head);
    }

    [Theory]
    [InlineData("1,818", true)]
    [InlineData("-9.6%", true)]
    [InlineData("\u22129.6%", true)]
    [InlineData("$14.1B", true)]
    [InlineData("\u20AC250M", true)]
    [InlineData("1.5 billion", true)]
    [InlineData("approx. 1.5 billion", true)]
    [InlineData("+12 pp", true)]
    [InlineData("27.0\u2020", true)]
    [InlineData("Jul 2023", false)]
    [InlineData("2023 Q2", false)]
    [InlineData("2023-07", false)]
    [InlineData("OpenAI", false)]
    [InlineData("GPT-4", false)]
    public void Numeric_cells_are_recognised(string cell, bool numeric)
    {
        Assert.Equal(numeric, DataTable.LooksNumeric(cell));
    }

    [Theory]
    [InlineData(1_500_000_000d, "1.5B")]
    [InlineData(1818d, "1,818")]
    [InlineData(1818.68d, "1,818.7")]
    [InlineData(250_000d, "250K")]
    [InlineData(2_500_000d, "2.5M")]
    [InlineData(0.25d, "0.25")]
    [InlineData(0d, "0")]
    [InlineData(-1_200_000_000d, "-1.2B")]
    public void Axis_numbers_are_compact(double value, string expected)
    {
        Assert.Equal(expected, CompactNumber.Format(value));
    }

    [Fact]
    public void Lines_wrap_between_words_within_the_width()
    {
        using var style = new TextStyle(BriefingFonts.Regular, 10f, SKColors.Black);
        var text = string.Join(' ', Enumerable.Repeat("Investment in AI start-ups reached a new high.", 6));

        var lines = LineBreaker.Wrap(text, style, 200f);

        Assert.True(lines.Count > 3);
        Assert.All(lines, line => Assert.True(TextRun.Measure(line, style) <= 200f, line));

        // A line ends at a space or after a hyphen ("start-|ups"); the spaces at line ends are dropped.
        Assert.Equal(text.Replace(" ", "", StringComparison.Ordinal), string.Concat(lines).Replace(" ", "", StringComparison.Ordinal));
        Assert.All(lines.SkipLast(1), line => Assert.True(text.Contains(line + " ", StringComparison.Ordinal) || line.EndsWith('-'), line));
    }

    [Fact]
    public void Word_wider_than_the_line_is_broken_between_letters()
    {
        using var style = new TextStyle(BriefingFonts.Regular, 10f, SKColors.Black);
        var word = new string('W', 80);

        var lines = LineBreaker.Wrap(word, style, 100f);

        Assert.True(lines.Count > 1);
        Assert.Equal(word, string.Concat(lines));
    }

    [Fact]
    public void Embedded_fonts_load_as_noto_sans()
    {
        Assert.Equal("Noto Sans", BriefingFonts.Regular.FamilyName);
        Assert.True(BriefingFonts.Bold.IsBold);
        Assert.True(BriefingFonts.Italic.IsItalic);
        Assert.Same(BriefingFonts.Regular, BriefingFonts.Regular);
    }

    private sealed class FixedBox(float height) : Component
    {
        public override float Height => height;

        public override void Draw(SKCanvas canvas, float x, float y)
        {
        }
    }

    private sealed class FixedRow(float height) : Row
    {
        public override float Height => height;

        public override void Draw(SKCanvas canvas, float x, float y)
        {
        }
    }
}
