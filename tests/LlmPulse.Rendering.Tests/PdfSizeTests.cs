using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using LlmPulse.Briefings;
using LlmPulse.Rendering.Pdf;
using LlmPulse.Rendering.Text;
using SkiaSharp;

namespace LlmPulse.Rendering.Tests;

/// <summary>
/// What keeps the PDF small: fonts cut to the glyphs the document draws (and nothing a reader sees goes missing),
/// text written as strings rather than a cursor move per glyph.
/// </summary>
public sealed partial class PdfSizeTests
{
    private static readonly BriefingRenderer Renderer = new();
    private static readonly Lazy<byte[]> English = new(() => Renderer.Render(SeedBriefings.Build("2023-09")));
    private static readonly Lazy<byte[]> Arabic = new(() => Renderer.Render(SeedBriefings.Build("2023-09", BriefingLanguage.Arabic)));

    public static TheoryData<string> Editions => ["en", "ar"];

    private static byte[] Pdf(string edition) => edition == "en" ? English.Value : Arabic.Value;

    [Fact]
    public void The_seed_briefing_is_at_most_60_KB_in_English_and_80_KB_in_Arabic()
    {
        Assert.InRange(English.Value.Length, 1, 60 * 1024);
        Assert.InRange(Arabic.Value.Length, 1, 80 * 1024);
    }

    [Theory]
    [MemberData(nameof(Editions))]
    public void Every_font_is_embedded_once_as_a_subset_far_smaller_than_the_shipped_font(string edition)
    {
        var fonts = EmbeddedFonts(Pdf(edition));

        Assert.Equal(fonts.Count, fonts.Select(f => f.Name).Distinct().Count());
        Assert.All(fonts, font =>
        {
            var shipped = ShippedFont(font.Name);
            // The Arabic face keeps the most: every joining form of the letters used.
            Assert.True(font.Program.Length * 4 < shipped.Length * 3, $"{font.Name}: {font.Program.Length} bytes embedded, {shipped.Length} shipped");
        });
    }

    [Theory]
    [MemberData(nameof(Editions))]
    public void Every_letter_a_reader_sees_keeps_its_outline_in_the_embedded_font(string edition)
    {
        using var pdf = new RenderedPdf(Pdf(edition));
        var fonts = EmbeddedFonts(pdf.Bytes).ToDictionary(f => f.Name, f => SKTypeface.FromData(SKData.CreateCopy(f.Program)));
        using var size = new SKFont { Size = 100 };
        var checkedLetters = 0;
        foreach (var letter in pdf.Pages.SelectMany(p => p.Letters).Where(l => l.Value.Length == 1 && !char.IsWhiteSpace(l.Value[0])))
        {
            var fontName = letter.FontName ?? "";
            var name = fontName[(fontName.IndexOf('+') + 1)..];
            var glyph = ShippedTypeface(name).GetGlyph(letter.Value[0]);
            if (glyph == 0 || ArabicScript().IsMatch(letter.Value))
            {
                // Arabic letters are drawn in their joining forms, which the character alone does not name.
                continue;
            }

            size.Typeface = fonts[name];
            using var outline = size.GetGlyphPath(glyph);
            Assert.False(outline is null || outline.IsEmpty, $"'{letter.Value}' (glyph {glyph}) has no outline in the embedded {name}");
            checkedLetters++;
        }

        Assert.True(checkedLetters > 500, $"only {checkedLetters} letters checked");
    }

    [Fact]
    public void Arabic_text_keeps_its_joined_forms_in_the_embedded_font()
    {
        // Every glyph the Arabic words are shaped to, joining forms included, must still have its outline.
        var fonts = EmbeddedFonts(Arabic.Value).ToDictionary(f => f.Name, f => SKTypeface.FromData(SKData.CreateCopy(f.Program)));
        var shaped = BriefingFonts.Shaping(BriefingFonts.ArabicRegular).Shape("زيارات موقع على الويب حول العالم", rightToLeft: true);
        // The Arabic edition draws both scripts with one font, in which the Arabic glyphs keep their ids.
        using var font = new SKFont(fonts["NotoSansArabicAndLatin-Regular"], 100);
        using var shipped = new SKFont(BriefingFonts.ArabicRegular, 100);

        Assert.All(shaped.Glyphs.Where(g => shipped.GetGlyphPath(g) is { IsEmpty: false }), glyph =>
        {
            using var outline = font.GetGlyphPath(glyph);
            Assert.False(outline is null || outline.IsEmpty, $"glyph {glyph} has no outline");
        });
    }

    [Theory]
    [MemberData(nameof(Editions))]
    public void Words_are_written_as_strings_not_one_glyph_at_a_time(string edition)
    {
        // Arabic runs move the cursor where shaping adjusts a glyph's advance or places a mark, as it must.
        var atLeast = edition == "en" ? 4 : 2.5;
        var content = ContentStreams(Pdf(edition));
        var shows = Regex.Count(content, @"> Tj");
        var glyphs = Regex.Matches(content, @"<([0-9A-F]*)> Tj").Sum(m => m.Groups[1].Length / 4);

        // Several glyphs per string on average: a cursor move before every glyph would make this 1.
        Assert.True(glyphs > atLeast * shows, $"{glyphs} glyphs in {shows} strings");
    }

    [Fact]
    public void A_file_that_is_not_laid_out_as_Skia_writes_it_is_left_as_it_is()
    {
        var pdf = English.Value;
        var notPdf = Encoding.ASCII.GetBytes("not a PDF at all");
        var brokenTable = (byte[])pdf.Clone();
        var xref = Encoding.Latin1.GetString(pdf).LastIndexOf("xref\n0 ", StringComparison.Ordinal);
        brokenTable[xref + 30] = (byte)'x';
        var half = pdf[..(pdf.Length / 2)];

        Assert.Same(notPdf, PdfFontSubsetter.Subset(notPdf));
        Assert.Same(brokenTable, PdfFontSubsetter.Subset(brokenTable));
        Assert.Same(half, PdfFontSubsetter.Subset(half));
    }

    [Fact]
    public void A_pdf_whose_outline_free_fonts_cannot_be_filled_in_is_refused_so_it_is_drawn_again_with_whole_fonts()
    {
        var notPdf = Encoding.ASCII.GetBytes("not a PDF at all");

        Assert.False(PdfFontSubsetter.TrySubset(notPdf, usage: null, out _));
        Assert.False(PdfFontSubsetter.TrySubset(English.Value[..(English.Value.Length / 2)], usage: null, out _));
        Assert.True(PdfFontSubsetter.TrySubset(English.Value, usage: null, out _));
    }

    [Theory]
    [MemberData(nameof(Editions))]
    public void The_whole_font_fallback_draws_the_same_pages_at_the_same_size(string edition)
    {
        // What the renderer falls back to when the subsetter cannot fill in the outline-free fonts: whole fonts,
        // with the glyphs read back from the content streams.
        var briefing = SeedBriefings.Build("2023-09", edition == "en" ? BriefingLanguage.English : BriefingLanguage.Arabic);
        using var document = new BriefingDocument(briefing);
        using var whole = new RenderedPdf(document.Render()!);
        using var outlineFree = new RenderedPdf(Pdf(edition));

        Assert.Equal(outlineFree.PageTexts, whole.PageTexts);
        Assert.Equal(outlineFree.Bytes.Length, whole.Bytes.Length);
    }

    [Fact]
    public void Outline_free_copies_keep_glyph_ids_advances_and_metrics_but_no_outlines()
    {
        const string Text = "Visits 1.5B, -9.6% (Jul 2023) \u0632\u064a\u0627\u0631\u0627\u062a";
        foreach (var typeface in new[] { BriefingFonts.Regular, BriefingFonts.Bold, BriefingFonts.Italic, BriefingFonts.ArabicRegular, BriefingFonts.ArabicBold })
        {
            var shaping = BriefingFonts.Shaping(typeface);
            var copy = SKTypeface.FromData(SKData.CreateCopy(OutlineFreeFont.Create(shaping.Program)!));
            using var whole = new SKFont(typeface, 100) { Hinting = SKFontHinting.None, LinearMetrics = true };
            using var outlineFree = new SKFont(copy, 100) { Hinting = SKFontHinting.None, LinearMetrics = true };

            var glyphs = whole.GetGlyphs(Text);
            Assert.Equal(glyphs, outlineFree.GetGlyphs(Text));
            Assert.Equal(whole.GetGlyphWidths(glyphs), outlineFree.GetGlyphWidths(glyphs));
            Assert.Equal(whole.Metrics.Ascent, outlineFree.Metrics.Ascent);
            Assert.Equal(whole.Metrics.Descent, outlineFree.Metrics.Descent);
            Assert.Equal(whole.Metrics.CapHeight, outlineFree.Metrics.CapHeight);
            Assert.All(glyphs, g => Assert.True(outlineFree.GetGlyphPath(g) is null or { IsEmpty: true }));
            Assert.True(OutlineFreeFont.Create(shaping.Program)!.Length * 4 < shaping.Program.Length, $"{typeface.FamilyName}: the copy is not small");
        }
    }

    [Fact]
    public void Subsetting_again_changes_nothing_a_reader_sees()
    {
        using var once = new RenderedPdf(English.Value);
        using var twice = new RenderedPdf(PdfFontSubsetter.Subset(English.Value));

        Assert.Equal(once.PageTexts, twice.PageTexts);
        Assert.True(twice.Bytes.Length <= once.Bytes.Length + 64);
    }

    private static byte[] ShippedFont(string name)
    {
        if (Merged(name) is { } merged)
        {
            // Made from the shipped fonts when the process first draws an Arabic edition.
            return merged.Font.Program;
        }

        using var stream = typeof(BriefingRenderer).Assembly.GetManifestResourceStream($"LlmPulse.Rendering.Fonts.{name}.subset.ttf")!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static SKTypeface ShippedTypeface(string name) => name switch
    {
        "NotoSans-Regular" => BriefingFonts.Regular,
        "NotoSans-Bold" => BriefingFonts.Bold,
        "NotoSans-Italic" => BriefingFonts.Italic,
        "NotoSansArabic-Regular" => BriefingFonts.ArabicRegular,
        "NotoSansArabic-Bold" => BriefingFonts.ArabicBold,
        _ => Merged(name)?.Font.Typeface ?? throw new ArgumentException(name),
    };

    /// <summary>The font the Arabic edition draws both scripts with, by its name in the PDF.</summary>
    private static MergedFace? Merged(string name) => name switch
    {
        "NotoSansArabicAndLatin-Regular" => BriefingFonts.MergedFor(BriefingFonts.Shaping(BriefingFonts.Regular)),
        "NotoSansArabicAndLatin-Bold" => BriefingFonts.MergedFor(BriefingFonts.Shaping(BriefingFonts.Bold)),
        _ => null,
    };

    /// <summary>Each embedded font program with its name (without the subset tag), read the way a viewer finds it.</summary>
    private static List<(string Name, byte[] Program)> EmbeddedFonts(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var fonts = new List<(string, byte[])>();
        foreach (Match descriptor in FontDescriptor().Matches(text))
        {
            var stream = StreamObject(pdf, text, int.Parse(descriptor.Groups["file"].Value));
            fonts.Add((descriptor.Groups["name"].Value, stream));
        }

        return fonts;
    }

    private static string ContentStreams(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        return string.Concat(PageContents().Matches(text).Select(m => Encoding.Latin1.GetString(StreamObject(pdf, text, int.Parse(m.Groups[1].Value)))));
    }

    private static byte[] StreamObject(byte[] pdf, string text, int number)
    {
        var head = Regex.Match(text, $@"\n{number} 0 obj\n<<(?<dict>.*?)>> stream\n", RegexOptions.Singleline);
        var length = int.Parse(Regex.Match(head.Groups["dict"].Value, @"/Length (\d+)").Groups[1].Value);
        using var zlib = new ZLibStream(new MemoryStream(pdf, head.Index + head.Length, length), CompressionMode.Decompress);
        using var output = new MemoryStream();
        zlib.CopyTo(output);
        return output.ToArray();
    }

    [GeneratedRegex(@"/FontName /[A-Z]{6}\+(?<name>[A-Za-z-]+)[^>]*?/FontFile2 (?<file>\d+) 0 R", RegexOptions.Singleline)]
    private static partial Regex FontDescriptor();

    [GeneratedRegex(@"/Contents (\d+) 0 R")]
    private static partial Regex PageContents();

    [GeneratedRegex(@"[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]")]
    private static partial Regex ArabicScript();
}
