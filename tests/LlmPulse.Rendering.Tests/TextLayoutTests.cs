using LlmPulse.Rendering.Text;
using SkiaSharp;

namespace LlmPulse.Rendering.Tests;

/// <summary>The text component: bidi runs from ICU, per-script fonts, HarfBuzz shaping, wrapping in both directions.</summary>
public sealed class TextLayoutTests
{
    private const string MixedSentence = "انخفضت زيارات موقع ChatGPT بنسبة \u20669.6%\u2069 في يوليو 2023.";

    [Fact]
    public void Icu_is_loaded_from_the_library_dotnet_uses()
    {
        Assert.Matches(@"^\d+(\.\d+)*$", Bidi.IcuVersion);
        var maps = File.Exists("/proc/self/maps") ? File.ReadAllText("/proc/self/maps") : "";
        if (maps.Length > 0)
        {
            Assert.Contains($"libicuuc.so.{Bidi.IcuVersion.Split('.')[0]}", maps);
        }
    }

    [Fact]
    public void A_mixed_line_splits_into_directional_runs_in_visual_order()
    {
        var runs = Bidi.VisualRuns(MixedSentence, rightToLeft: true);
        var texts = runs.Select(r => (Text: MixedSentence.Substring(r.Start, r.Length).Trim(), r.RightToLeft)).ToList();

        // Left to right on the page: the end of the sentence first, the start of it last.
        Assert.Equal(("2023", false), texts.Single(t => t.Text == "2023"));
        Assert.Equal(("ChatGPT", false), texts.Single(t => t.Text == "ChatGPT"));
        Assert.True(texts.FindIndex(t => t.Text == "ChatGPT") < texts.FindIndex(t => t.Text.StartsWith("انخفضت", StringComparison.Ordinal)));
        Assert.True(texts.FindIndex(t => t.Text.Contains("9.6%", StringComparison.Ordinal)) < texts.FindIndex(t => t.Text == "ChatGPT"));
        Assert.True(texts.Last().RightToLeft);
    }

    [Theory]
    [InlineData("ChatGPT web visits, worldwide fell 9.6% (derived) in Jul 2023.")]
    [InlineData("Page 3 of 8")]
    [InlineData("-21.9% \u2020 approx. = approximate: (a) [b] {c} <d> 1,818.68")]
    public void Left_to_right_text_skips_icu_without_changing_the_result(string text)
    {
        Assert.False(Bidi.NeedsAlgorithm(text));
        Assert.Equal([new DirectionalRun(0, text.Length, false)], Bidi.VisualRunsByIcu(text, rightToLeft: false));
    }

    [Fact]
    public void Arabic_is_shaped_into_joined_forms_and_the_lam_alef_ligature()
    {
        var arabic = BriefingFonts.Shaping(BriefingFonts.ArabicRegular);
        using var font = new SKFont(BriefingFonts.ArabicRegular, 10f);

        var word = "سبتمبر";
        var shaped = arabic.Shape(word, rightToLeft: true);
        var nominal = font.GetGlyphs(word);
        Assert.Equal(word.Length, shaped.Glyphs.Length);
        Assert.NotEqual(nominal.Reverse(), shaped.Glyphs);

        // Lam followed by alef is one glyph.
        Assert.Single(arabic.Shape("لا", rightToLeft: true).Glyphs);
    }

    [Fact]
    public void Latin_runs_advance_exactly_as_unshaped_text()
    {
        using var style = new TextStyle(BriefingFonts.Regular, 10f, SKColors.Black);
        const string text = "AV Ta fi office, 1,818.68 -9.6% Wave";

        Assert.Equal(style.Font.MeasureText(text), TextRun.Measure(text, style), 3);
    }

    [Fact]
    public void Each_script_is_drawn_in_its_own_font()
    {
        using var style = new TextStyle(BriefingFonts.Regular, 10f, SKColors.Black, rightToLeft: true);

        var line = TextRun.Layout(MixedSentence, style);

        string Text(LaidOutLine.Piece piece) => line.Text.Substring(piece.Start, piece.Length);
        Assert.Contains(line.Pieces, p => Text(p).Contains("ChatGPT", StringComparison.Ordinal) && p.Face.Script == FontScript.Latin);
        Assert.Contains(line.Pieces, p => Text(p).Contains("2023", StringComparison.Ordinal) && p.Face.Script == FontScript.Latin);
        Assert.Contains(line.Pieces, p => Text(p).Contains("انخفضت", StringComparison.Ordinal) && p.Face.Script == FontScript.Arabic);

        // Pieces are placed left to right: the sentence's start is the rightmost.
        var start = line.Pieces.Single(p => Text(p).Contains("انخفضت", StringComparison.Ordinal));
        var name = line.Pieces.Single(p => Text(p).Contains("ChatGPT", StringComparison.Ordinal));
        Assert.True(start.X > name.X);
        Assert.Equal(line.Width, TextRun.Measure(MixedSentence, style), 2);
    }

    [Fact]
    public void Right_to_left_paragraphs_wrap_between_words_within_the_width()
    {
        using var style = new TextStyle(BriefingFonts.Regular, 10f, SKColors.Black, rightToLeft: true);
        var text = string.Join(' ', Enumerable.Repeat(MixedSentence, 6));

        var lines = LineBreaker.Wrap(text, style, 180f);

        Assert.True(lines.Count > 3);
        Assert.All(lines, line => Assert.True(TextRun.Measure(line, style) <= 180f, line));
        Assert.All(lines, line => Assert.True(TextRun.Layout(line, style).Width <= 180f, line));
        Assert.Equal(text, string.Join(' ', lines));
    }
}
