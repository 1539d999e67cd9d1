using System.Buffers.Binary;
using SkiaSharp;

namespace LlmPulse.Rendering.Pdf;

/// <summary>
/// A TrueType font with every glyph outline removed and everything else a PDF writer reads kept: character map,
/// advances, metrics, names, glyph count. Skia draws a document's PDF with these (it embeds each font file whole,
/// compressing it on every render); <see cref="PdfFontSubsetter"/> then puts the real outlines of the glyphs the
/// document shows in their place, so the file Skia compresses is a sixth of the font instead of all of it.
/// </summary>
/// <remarks>
/// Glyph ids, advances, the character map (the PDF's ToUnicode) and the vertical metrics are those of the font,
/// so the PDF Skia writes differs from one drawn with the whole font only in its font programs and in the one
/// figure Skia derives from outlines (a descriptor's /StemV, see <see cref="StemV"/>). Never drawn to pixels: a
/// raster would show nothing.
/// </remarks>
internal static class OutlineFreeFont
{
    // Shaping tables (read by HarfBuzz from the whole font, never by a PDF writer) and the signature.
    private static readonly HashSet<uint> Dropped = [Tag("GSUB"), Tag("GPOS"), Tag("GDEF"), Tag("kern"), Tag("DSIG")];

    /// <summary>The font without outlines, or null when it is not a plain TrueType (glyf) font.</summary>
    public static byte[]? Create(byte[] font)
    {
        if (font.Length < 12 || BinaryPrimitives.ReadUInt32BigEndian(font) != 0x00010000)
        {
            return null;
        }

        var count = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        if (12 + (16 * count) > font.Length)
        {
            return null;
        }

        var tables = new List<(uint Tag, byte[] Data)>();
        var longOffsets = false;
        var glyphs = -1;
        for (var i = 0; i < count; i++)
        {
            var entry = font.AsSpan(12 + (16 * i), 16);
            var tag = BinaryPrimitives.ReadUInt32BigEndian(entry);
            var offset = BinaryPrimitives.ReadUInt32BigEndian(entry[8..]);
            var length = BinaryPrimitives.ReadUInt32BigEndian(entry[12..]);
            if (offset + (long)length > font.Length)
            {
                return null;
            }

            var data = font.AsSpan((int)offset, (int)length).ToArray();
            if (tag == Tag("head") && data.Length >= 54)
            {
                longOffsets = BinaryPrimitives.ReadInt16BigEndian(data.AsSpan(50)) == 1;
            }
            else if (tag == Tag("maxp") && data.Length >= 6)
            {
                glyphs = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(4));
            }

            if (!Dropped.Contains(tag))
            {
                tables.Add((tag, data));
            }
        }

        if (glyphs < 0 || !tables.Exists(t => t.Tag == Tag("glyf")) || !tables.Exists(t => t.Tag == Tag("loca")))
        {
            return null;
        }

        // Every glyph empty: all loca offsets zero, and a glyf table of four zero bytes so it is not missing.
        for (var i = 0; i < tables.Count; i++)
        {
            if (tables[i].Tag == Tag("loca"))
            {
                tables[i] = (tables[i].Tag, new byte[(glyphs + 1) * (longOffsets ? 4 : 2)]);
            }
            else if (tables[i].Tag == Tag("glyf"))
            {
                tables[i] = (tables[i].Tag, new byte[4]);
            }
        }

        return Write(tables);
    }

    /// <summary>
    /// The /StemV Skia writes in a font's descriptor, measured as Skia measures it: the narrowest rounded ink width
    /// at 1000 units per em among the glyphs of "i", "I", "!" and "1" (a missing one counts as its .notdef glyph).
    /// </summary>
    public static int StemV(SKTypeface typeface)
    {
        using var font = new SKFont(typeface, 1000f) { Hinting = SKFontHinting.None };
        Span<ushort> glyph = stackalloc ushort[1];
        Span<float> width = stackalloc float[1];
        Span<SKRect> bounds = stackalloc SKRect[1];
        var stem = (int)short.MaxValue;
        foreach (var c in "iI!1")
        {
            glyph[0] = font.GetGlyph(c);
            font.GetGlyphWidths(glyph, width, bounds);
            stem = Math.Min(stem, (int)Math.Floor(bounds[0].Width + 0.5f));
        }

        return stem;
    }

    internal static byte[] Write(List<(uint Tag, byte[] Data)> tables)
    {
        tables.Sort((a, b) => a.Tag.CompareTo(b.Tag));
        var headerLength = 12 + (16 * tables.Count);
        var total = headerLength + tables.Sum(t => (t.Data.Length + 3) & ~3);
        var output = new byte[total];
        var span = output.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)tables.Count);
        var power = 1;
        var log = 0;
        while (power * 2 <= tables.Count)
        {
            power *= 2;
            log++;
        }

        BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)(power * 16));
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)log);
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], (ushort)((tables.Count * 16) - (power * 16)));
        var offset = headerLength;
        for (var i = 0; i < tables.Count; i++)
        {
            var (tag, data) = tables[i];
            var entry = span.Slice(12 + (16 * i), 16);
            BinaryPrimitives.WriteUInt32BigEndian(entry, tag);
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], Checksum(data));
            BinaryPrimitives.WriteUInt32BigEndian(entry[8..], (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(entry[12..], (uint)data.Length);
            data.CopyTo(span[offset..]);
            offset += (data.Length + 3) & ~3;
        }

        return output;
    }

    private static uint Checksum(byte[] data)
    {
        uint sum = 0;
        for (var i = 0; i < data.Length; i += 4)
        {
            uint word = 0;
            for (var b = 0; b < 4; b++)
            {
                word = (word << 8) | (i + b < data.Length ? data[i + b] : 0u);
            }

            sum += word;
        }

        return sum;
    }

    private static uint Tag(string tag) => ((uint)tag[0] << 24) | ((uint)tag[1] << 16) | ((uint)tag[2] << 8) | tag[3];
}
