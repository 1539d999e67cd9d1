using System.Text;
using LlmPulse.Briefings;

namespace LlmPulse.Rendering.Tests;

/// <summary>
/// The Arabic edition of the seed briefing (September 2023), rendered and read back with PdfPig and with
/// pdftotext: Arabic words, month names, computed figures and Latin names come out; letters are joined; a mixed
/// Arabic and Latin line is in right-to-left visual order; the page is mirrored and charts keep time running
/// left to right.
/// </summary>
public sealed class ArabicEditionTests
{
    private static readonly BriefingRenderer Renderer = new();
    private static readonly Lazy<Briefing> Model = new(() => SeedBriefings.Build("2023-09", BriefingLanguage.Arabic));
    private static readonly Lazy<byte[]> Pdf = new(() => Renderer.Render(Model.Value));

    private static readonly string[] Headings =
    [
        "أبرز النتائج",           // Key findings (drawn by the renderer)
        "حركة المرور على الويب",   // Web traffic
        "تحركات المؤشرات",        // Index moves
        "إجمالي الاستثمار",        // Investment totals
        "إشارات أخرى خلال الشهر",  // Other signals in the month
        "المصادر والمنهجية",       // Sources and methodology
    ];

    private static readonly string[] Figures = ["21.9%", "1,818.68", "1,420", "-9.6%", "38%", "1.5", "33.42"];

    private static readonly string[] LatinNames = ["ChatGPT", "SimilarWeb", "LlmPulse", "Baidu", "Choice"];

    private static IReadOnlyList<IReadOnlyList<ExtractedText.Line>> PageLines(RenderedPdf pdf) =>
        pdf.Pages.Select(ExtractedText.Lines).ToList();

    [Fact]
    public void The_model_is_the_arabic_edition()
    {
        Assert.Equal(BriefingLanguage.Arabic, Model.Value.Language);
        Assert.Equal("موجز LlmPulse الشهري", Model.Value.Title);
    }

    [Fact]
    public void Pdfpig_text_holds_the_arabic_headings_month_figures_and_latin_names()
    {
        using var pdf = new RenderedPdf(Pdf.Value);
        var pages = PageLines(pdf);
        var text = string.Join('\n', pages.SelectMany(p => p).Select(l => l.RightToLeftText));

        foreach (var heading in Headings)
        {
            Assert.Contains(pages.SelectMany(p => p), l => l.RightToLeftText == heading);
        }

        // The cover's month line (the only 15pt text) and the page headers carry the Arabic month name.
        var monthLine = pages[0].Single(l => l.Words.Any(w => Math.Abs(w.Letters[0].PointSize - 15) < 0.5));
        Assert.Equal("سبتمبر 2023", monthLine.RightToLeftText);
        Assert.All(pages.Skip(1), page => Assert.Contains("سبتمبر 2023", page[0].RightToLeftText));

        var words = pages.SelectMany(p => p).SelectMany(l => l.Words).ToList();
        foreach (var figure in Figures)
        {
            Assert.Contains(words, w => w.Visual.Trim('(', ')', '.', '،') == figure);
        }

        // Latin names are drawn left to right, letter after letter, inside the right-to-left lines.
        foreach (var name in LatinNames)
        {
            Assert.Contains(words, w => w.Visual.Contains(name, StringComparison.Ordinal));
        }

        Assert.Contains("انخفضت زيارات موقع ChatGPT على الويب حول العالم", text);
    }

    [Fact]
    public void Pdftotext_text_holds_the_arabic_headings_month_figures_and_latin_names()
    {
        var raw = ExtractedText.PdfToText(Pdf.Value);
        if (raw is null)
        {
            // CI must check this: its machines install poppler-utils. A developer without it is told, not failed.
            Assert.True(Environment.GetEnvironmentVariable("CI") is null, "pdftotext is not installed: apt-get install -y poppler-utils.");
            return;
        }

        var text = ExtractedText.Normalize(raw);
        foreach (var expected in Headings.Concat(["سبتمبر 2023"]).Concat(Figures).Concat(LatinNames))
        {
            Assert.Contains(expected, text);
        }

        // pdftotext puts each line in logical order: the Arabic phrase before a Latin name reads as written.
        Assert.Contains("انخفضت زيارات موقع", text);
        Assert.Contains("على الويب حول العالم", text);
        Assert.Contains("مليار زيارة في يوليو", text);
    }

    [Fact]
    public void Arabic_letters_are_drawn_in_their_joined_forms()
    {
        using var pdf = new RenderedPdf(Pdf.Value);
        var monthWord = ExtractedText.Lines(pdf.Pages.First())
            .SelectMany(l => l.Words)
            .First(w => w.Logical == "سبتمبر" && Math.Abs(w.Letters[0].PointSize - 15) < 0.5);

        // Drawn right to left: final reh, medial beh, meem, teh, beh, then initial seen at the right. Unshaped,
        // the glyphs would be the isolated letters U+0633 U+0628 ..., which is what "joined" rules out.
        Assert.Equal("\uFEAE\uFE92\uFEE4\uFE98\uFE92\uFEB3", monthWord.Visual);

        // Across the document, every Arabic glyph maps back to Arabic letters or marks (a mark ligature such as
        // shadda with fatha decomposes with a space), and most are contextual (joined) forms rather than the
        // isolated letters an unshaped drawing shows.
        var arabic = pdf.Pages.SelectMany(p => p.Letters).Select(l => l.Value).Where(v => v.Any(ExtractedText.IsArabic)).ToList();
        Assert.True(arabic.Count > 1000, $"only {arabic.Count} Arabic glyphs");
        Assert.All(arabic, v => Assert.All(v.Normalize(NormalizationForm.FormKC), c => Assert.True(c is ' ' or (>= '\u0600' and <= '\u06FF'), $"U+{(int)c:X4}")));
        var joined = arabic.Count(v => v[0] is >= '\uFB50' and <= '\uFEFF');
        Assert.True(joined > arabic.Count * 0.6, $"{joined} of {arabic.Count} Arabic glyphs are joined forms");

        // The lam-alef ligature, which Arabic requires, is one glyph.
        Assert.Contains(arabic, v => v[0] is >= '\uFEF5' and <= '\uFEFC');
    }

    [Fact]
    public void A_mixed_arabic_and_latin_sentence_is_in_right_to_left_visual_order()
    {
        using var pdf = new RenderedPdf(Pdf.Value);

        // The finding from the seed article's July traffic: visits to ChatGPT fell from 1.9 billion to 1.5 billion.
        var line = ExtractedText.Lines(pdf.Pages.First())
            .First(l => l.Find("ChatGPT") is not null && l.Find("1.9") is not null);
        double X(string logical) => (line.Find(logical) ?? throw new Xunit.Sdk.XunitException($"'{logical}' is not on the line: {line.RightToLeftText}")).Left;

        // Logical order: انخفضت زيارات موقع ChatGPT على الويب ... من 1.9 مليار زيارة في مايو 2023 إلى ...
        // In a right-to-left line what comes first sits further right; a Latin run reads left to right inside it.
        Assert.True(X("انخفضت") > X("زيارات"));
        Assert.True(X("موقع") > X("ChatGPT"), "the Arabic run before ChatGPT must be to its right");
        Assert.True(X("ChatGPT") > X("على"), "the Arabic run after ChatGPT must be to its left");
        Assert.True(X("من") > X("1.9") && X("1.9") > X("مليار"), "a number sits in the sentence's order");
        Assert.True(X("مايو") > X("2023"));

        var chatGpt = line.Find("ChatGPT")!.Letters;
        Assert.Equal("ChatGPT", string.Concat(chatGpt.Select(l => l.Value)));
        Assert.True(chatGpt.Zip(chatGpt.Skip(1)).All(p => p.First.StartBaseLine.X < p.Second.StartBaseLine.X));
    }

    [Fact]
    public void The_page_is_mirrored_for_right_to_left_reading()
    {
        using var pdf = new RenderedPdf(Pdf.Value);
        var page = ExtractedText.Lines(pdf.Pages.ElementAt(1));
        const double middle = 595.28 / 2;

        // Header: title at the right, month at the left. Footer: brand at the right, page number at the left.
        var header = page[0];
        Assert.True(header.Find("موجز")!.Left > middle && header.Find("سبتمبر")!.Right < middle);
        var footer = page[^1];
        Assert.True(footer.Find("LlmPulse")!.Left > middle && footer.Find("صفحة")!.Right < middle);

        // Headings and paragraphs end at the right margin.
        var title = page.First(l => l.RightToLeftText == "حركة المرور على الويب");
        Assert.InRange(title.Words.Max(w => w.Right), 595.28 - 56 - 2, 595.28 - 56 + 0.5);

        // Tiles: the first (the level) is the rightmost. Table: the first column (period) is the rightmost.
        var tiles = page.First(l => l.Find("المستوى،") is not null && l.Find("التغير") is not null);
        Assert.True(tiles.Find("المستوى،")!.Left > tiles.Find("التغير")!.Left);
        var tableHeader = page.First(l => l.Find("الفترة") is not null && l.Find("ملاحظة") is not null);
        Assert.True(tableHeader.Find("الفترة")!.Left > tableHeader.Find("ملاحظة")!.Left);
    }

    [Fact]
    public void Charts_keep_time_running_left_to_right_with_arabic_labels()
    {
        using var pdf = new RenderedPdf(Pdf.Value);
        var page = ExtractedText.Lines(pdf.Pages.ElementAt(1));

        // The visits chart's date ticks: May left of July, drawn as shaped Arabic by the document.
        var ticks = page.First(l => l.Find("مايو") is not null && l.Find("يوليو") is not null && l.Words.Count == 4);
        Assert.True(ticks.Find("مايو")!.Left < ticks.Find("يوليو")!.Left);
        Assert.Contains(page, l => l.RightToLeftText.Contains("زيارات موقع ChatGPT على الويب حول العالم، آخر 12 شهرا", StringComparison.Ordinal));

        // The value axis has plain numbers: the scale is a word in the axis title, not a Latin "B".
        var raw = pdf.RawPageTexts[1];
        Assert.Contains("1.8", raw);
        Assert.DoesNotContain("1.8B", raw);
    }

    [Fact]
    public void Arabic_and_latin_runs_draw_with_one_font_holding_noto_sans_arabic_and_noto_sans()
    {
        using var pdf = new RenderedPdf(Pdf.Value);
        var letters = pdf.Pages.SelectMany(p => p.Letters).ToList();

        // Both scripts in one font per weight, so a line is not a text object per script change; notes are
        // upright in Arabic, so no italic: two embedded files.
        Assert.All(letters.Select(l => l.FontName).Distinct(), name => Assert.Matches(@"^[A-Z]{6}\+NotoSansArabicAndLatin-(Regular|Bold)$", name));
        Assert.Equal(2, pdf.CountRawToken("/FontFile2"));

        // Latin letters and figures are still Noto Sans's glyphs: each advances as far as Noto Sans's of that weight.
        var latin = letters.Where(l => l.Value.Length == 1 && char.IsAsciiLetterOrDigit(l.Value[0])).ToList();
        Assert.NotEmpty(latin);
        foreach (var letter in latin)
        {
            var typeface = letter.FontName!.EndsWith("-Bold", StringComparison.Ordinal) ? Text.BriefingFonts.Bold : Text.BriefingFonts.Regular;
            using var font = new SkiaSharp.SKFont(typeface, (float)letter.PointSize) { LinearMetrics = true, Hinting = SkiaSharp.SKFontHinting.None };
            Assert.Equal(font.MeasureText(letter.Value), letter.Width, 0.01);
        }
    }

    [Fact]
    public void Document_properties_are_arabic()
    {
        using var pdf = new RenderedPdf(Pdf.Value);

        Assert.Equal("موجز LlmPulse الشهري: سبتمبر 2023", pdf.Document.Information.Title);
        Assert.Contains("30 سبتمبر 2023", pdf.Document.Information.Subject);
    }

    [Fact]
    public void Arabic_and_english_render_concurrently_from_one_instance()
    {
        var models = new[] { Model.Value, SeedBriefings.Build("2023-09"), Model.Value, SeedBriefings.Build("2023-07", BriefingLanguage.Arabic) };
        var results = new byte[models.Length][];

        Parallel.For(0, models.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = Renderer.Render(models[i]));

        using var expected = new RenderedPdf(Pdf.Value);
        using var same = new RenderedPdf(results[2]);
        Assert.Equal(expected.RawPageTexts, same.RawPageTexts);
        using var english = new RenderedPdf(results[1]);
        Assert.Contains("Key findings", english.PageTexts[0]);
        using var july = new RenderedPdf(results[3]);
        Assert.Contains(ExtractedText.Lines(july.Pages.First()), l => l.RightToLeftText == "يوليو 2023");
    }

    [Fact]
    public void Renders_in_well_under_a_second_and_stays_small()
    {
        Renderer.Render(Model.Value);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var bytes = Renderer.Render(Model.Value);
        watch.Stop();

        Assert.InRange(watch.ElapsedMilliseconds, 0, 2000);
        Assert.InRange(bytes.Length, 10_000, 300_000);
    }
}
