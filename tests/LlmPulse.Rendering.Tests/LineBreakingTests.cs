using LlmPulse.Briefings;
using LlmPulse.Rendering.Text;

namespace LlmPulse.Rendering.Tests;

/// <summary>
/// Lines break where the Unicode line-breaking rules allow (ICU's line break iterator), not only at spaces: a long
/// URL at its slashes, a CJK name between ideographs, and never before Arabic punctuation.
/// </summary>
public sealed class LineBreakingTests
{
    private const string Url = "https://push2.eastmoney.com/api/qt/clist/get?fs=m:90+t:3&fields=f12,f14,f3&pz=500&ut=bd1d9ddb04089700cf9c27f6f7426281&fid=f3&po=1&np=1&fltt=2&invt=2";
    private const string Board = "ChatGPT概念";
    private const string ArabicClause = "ارتفع المؤشر، ثم انخفض؛ هل يتعافى؟ ربما.";

    [Fact]
    public void A_long_url_in_a_table_cell_breaks_at_its_slashes_and_keeps_every_character()
    {
        using var typography = new Typography(BriefingLanguage.English);
        var lines = LineBreaker.Wrap(Url, typography.TableCell, 120f);

        Assert.True(lines.Count > 2, string.Join(" | ", lines));
        Assert.Equal(Url, string.Concat(lines));
        Assert.All(lines, line => Assert.True(TextRun.Measure(line, typography.TableCell) <= 120f, line));

        // Between letters only as a last resort: the first lines end where UAX #14 allows a break, after a slash.
        Assert.EndsWith("/", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Icu_called_directly_finds_the_same_break_opportunities_as_icu_net()
    {
        string[] texts = [Url, Board, ArabicClause, "ChatGPT web visits fell 9.6% (1.5 billion, Jul 2023) - see e.g. https://example.com/a-b.", "", "word"];

        // icu.net is told which ICU to use first, as the renderer does (Bidi), before its own iterator is made.
        Bidi.EnsureIcu();
        using var iterator = Icu.BreakIterator.CreateLineInstance(new Icu.Locale("en"));
        foreach (var text in texts)
        {
            var direct = new List<int>();
            Assert.True(IcuLineBreaks.TryAddBreaks(text, direct), "ICU's C functions were not found");
            iterator.SetText(text);
            Assert.Equal(iterator.Boundaries.Where(b => b > 0 && b < text.Length), direct);
        }
    }

    [Fact]
    public void A_cjk_name_breaks_between_ideographs_but_never_inside_the_latin_word()
    {
        using var typography = new Typography(BriefingLanguage.English);
        var opportunities = LineBreaker.BreakOpportunities(Board);

        // ChatGPT | 概 | 念: a break before each ideograph, none inside "ChatGPT".
        Assert.Equal([7, 8], opportunities);
        var width = TextRun.Measure("ChatGPT", typography.TableCell) + 1f;
        var lines = LineBreaker.Wrap($"{Board} {Board}", typography.TableCell, width);
        Assert.Contains("ChatGPT", lines);
        Assert.All(lines, line => Assert.DoesNotContain("Chat", line.Replace("ChatGPT", "", StringComparison.Ordinal), StringComparison.Ordinal));
        Assert.Equal($"{Board}{Board}", string.Concat(lines));
    }

    [Fact]
    public void Arabic_punctuation_stays_with_the_word_before_it()
    {
        using var typography = new Typography(BriefingLanguage.Arabic);
        foreach (var width in new[] { 40f, 60f, 80f })
        {
            var lines = LineBreaker.Wrap(ArabicClause, typography.TableCell, width);

            Assert.True(lines.Count > 1);
            Assert.All(lines, line => Assert.False(line.Length > 0 && line[0] is '،' or '؛' or '؟' or '.', $"'{line}' starts with punctuation at {width}pt"));
            Assert.Equal(ArabicClause.Replace(" ", "", StringComparison.Ordinal), string.Concat(lines).Replace(" ", "", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_table_cell_holding_all_three_renders_every_piece_on_its_own_line()
    {
        var cell = $"{Url} {Board} {ArabicClause}";
        var briefing = SampleBriefings.Full() with
        {
            Sections = [new BriefingSection("Sources", [new TableBlock(["Source", "Where"], [["Eastmoney concept board", cell]])])],
        };

        using var pdf = new RenderedPdf(new BriefingRenderer().Render(briefing));

        var page = pdf.Pages.Last();
        var urlWords = page.GetWords().Where(w => w.Text.StartsWith("https:", StringComparison.Ordinal) || w.Text.Contains("eastmoney", StringComparison.Ordinal) || w.Text.Contains("clist", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(urlWords);

        // The URL wraps inside its column (several baselines, nothing past the page's right margin).
        var baselines = page.GetWords().Where(w => w.Text.Contains('/', StringComparison.Ordinal) || w.Text.Contains('=', StringComparison.Ordinal))
            .Select(w => Math.Round(w.Letters[0].StartBaseLine.Y, 1)).Distinct().Count();
        Assert.True(baselines >= 2, $"the URL sits on {baselines} line(s)");
        Assert.All(page.GetWords(), w => Assert.True(w.BoundingBox.Right <= 595.28 - 56 + 0.5, $"'{w.Text}' overflows to {w.BoundingBox.Right}"));
        Assert.Contains(Url.Replace("/", "", StringComparison.Ordinal)[..20], string.Concat(page.GetWords().Select(w => w.Text)).Replace("/", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
