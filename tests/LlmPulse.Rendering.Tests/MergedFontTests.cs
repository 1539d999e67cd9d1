using LlmPulse.Rendering.Pdf;
using LlmPulse.Rendering.Text;
using SkiaSharp;

namespace LlmPulse.Rendering.Tests;

/// <summary>
/// The font the Arabic edition draws both scripts with: Noto Sans Arabic and Noto Sans as one file, every glyph of
/// either drawn and advancing exactly as in the font it came from, every character of either mapped.
/// </summary>
public sealed class MergedFontTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_glyph_of_both_fonts_keeps_its_outline_and_advance(bool bold)
    {
        var latin = BriefingFonts.Shaping(bold ? BriefingFonts.Bold : BriefingFonts.Regular);
        var arabic = BriefingFonts.Shaping(bold ? BriefingFonts.ArabicBold : BriefingFonts.ArabicRegular);
        var merged = BriefingFonts.MergedFor(latin)!;
        Assert.Same(arabic, merged.Arabic);

        using var mergedFont = Font(merged.Font.Typeface);
        using var latinFont = Font(latin.Typeface);
        using var arabicFont = Font(arabic.Typeface);
        Assert.Equal(arabic.Typeface.GlyphCount + latin.Typeface.GlyphCount, merged.Font.Typeface.GlyphCount);
        for (ushort g = 0; g < arabic.Typeface.GlyphCount; g++)
        {
            AssertSameGlyph(arabicFont, g, mergedFont, g);
        }

        for (ushort g = 0; g < latin.Typeface.GlyphCount; g++)
        {
            AssertSameGlyph(latinFont, g, mergedFont, merged.LatinGlyphs[g]);
        }

        // Characters: Arabic ones to the Arabic glyph, the rest to the Latin glyph (the space, in both, to one).
        foreach (var c in "Visits 1.5B, -9.6% (Jul 2023) \u00e9\u00fc \u0632\u064a\u0627\u0631\u0627\u062a\u060c \u00a0")
        {
            var expected = arabicFont.GetGlyph(c) is var a and not 0 ? a : merged.LatinGlyphs[latinFont.GetGlyph(c)];
            Assert.Equal(expected, mergedFont.GetGlyph(c));
        }
    }

    [Fact]
    public void Fonts_of_different_units_per_em_or_not_truetype_are_not_merged()
    {
        var regular = BriefingFonts.Shaping(BriefingFonts.Regular).Program;
        var otherEm = (byte[])regular.Clone();
        var head = HeadOffset(otherEm);
        otherEm[head + 18] = 0x08; // units per em 2048 instead of 1000

        Assert.Null(MergedFont.Create(regular, otherEm));
        Assert.Null(MergedFont.Create(regular, "not a font"u8.ToArray()));
        Assert.NotNull(MergedFont.Create(regular, regular));
    }

    private static SKFont Font(SKTypeface typeface) => new(typeface, 100f) { Hinting = SKFontHinting.None, LinearMetrics = true };

    private static void AssertSameGlyph(SKFont source, ushort glyph, SKFont merged, ushort mergedGlyph)
    {
        Assert.Equal(source.GetGlyphWidths([glyph])[0], merged.GetGlyphWidths([mergedGlyph])[0]);
        using var expected = source.GetGlyphPath(glyph);
        using var actual = merged.GetGlyphPath(mergedGlyph);
        Assert.True((expected?.IsEmpty ?? true) == (actual?.IsEmpty ?? true), $"glyph {glyph} (merged {mergedGlyph}): outline {(expected?.IsEmpty ?? true ? "empty" : "drawn")} in its font, not in the merged one");
        if (expected is { IsEmpty: false })
        {
            Assert.Equal(expected.PointCount, actual!.PointCount);
            Assert.Equal(expected.Bounds, actual.Bounds);
        }
    }

    private static int HeadOffset(byte[] font)
    {
        for (var i = 0; i < ((font[4] << 8) | font[5]); i++)
        {
            if (font[12 + (16 * i)] == 'h' && font[13 + (16 * i)] == 'e' && font[14 + (16 * i)] == 'a' && font[15 + (16 * i)] == 'd')
            {
                return (font[20 + (16 * i)] << 24) | (font[21 + (16 * i)] << 16) | (font[22 + (16 * i)] << 8) | font[23 + (16 * i)];
            }
        }

        throw new InvalidOperationException("no head table");
    }
}
