using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using HarfBuzzSharp;
using SkiaSharp;
using HbBuffer = HarfBuzzSharp.Buffer;
using HbFont = HarfBuzzSharp.Font;

namespace LlmPulse.Rendering.Text;

/// <summary>The script a font is for, which tells HarfBuzz which shaper and features to apply.</summary>
internal enum FontScript
{
    Latin,
    Arabic,
}

/// <summary>Glyphs of a shaped run in font units, in visual order (left to right), as HarfBuzz returns them.</summary>
/// <remarks>
/// <see cref="FontAdvances"/> are the font's own advances (hmtx), which Skia's PDF writer sums to decide where it
/// must move the text cursor; they differ from <see cref="Advances"/> where shaping moved a glyph (marks, kerning).
/// </remarks>
internal sealed record ShapedGlyphs(ushort[] Glyphs, int[] Advances, int[] OffsetsX, int[] OffsetsY, uint[] Clusters, int Width, int[] FontAdvances);

/// <summary>
/// One embedded font as both Skia (drawing) and HarfBuzz (shaping) see it. HarfBuzz works at the font's own units
/// per em, so shaped advances are exact font units, scaled to a size only when placed; shaping results are
/// shared by every size and every render in the process.
/// </summary>
/// <remarks>
/// Latin runs are shaped without kerning and ligatures: they then advance exactly as the unshaped text did before
/// shaping came in (the English edition's pages are compared word for word against that), and "fi" stays two
/// letters in the PDF's text. Arabic runs get every default feature: joining forms (init, medi, fina, isol),
/// the lam-alef ligature (rlig) and mark positioning.
/// </remarks>
internal sealed class ShapingFont
{
    private const int CacheLimit = 50_000;

    private static readonly Feature[] LatinFeatures =
    [
        new(new Tag('k', 'e', 'r', 'n'), 0),
        new(new Tag('l', 'i', 'g', 'a'), 0),
        new(new Tag('c', 'l', 'i', 'g'), 0),
    ];

    private static readonly Language Arabic = new("ar");
    private static readonly Language English = new("en");

    private readonly HbFont hbFont;
    // One cache per direction, keyed by the string alone: string keys hash with the runtime's fast non-randomized
    // hash (a tuple key hashes its string with the randomized one, a measurable cost at thousands of lookups a page).
    private readonly ConcurrentDictionary<string, ShapedGlyphs> leftToRight = new();
    private readonly ConcurrentDictionary<string, ShapedGlyphs> rightToLeft = new();

    // 0 = not looked up yet, 1 = the font has a glyph, 2 = it has none (Basic Multilingual Plane only).
    private readonly byte[] coverage = new byte[0x10000];

    private readonly Lazy<OutlineFreeCopy?> outlineFree;

    public ShapingFont(string name, byte[] data, FontScript script)
    {
        Name = name;
        Script = script;
        Program = data;

        using (var skData = SKData.CreateCopy(data))
        {
            Typeface = SKTypeface.FromData(skData)
                ?? throw new InvalidOperationException($"Embedded font {name} could not be read by Skia.");
        }

        // HarfBuzz reads the font from memory it does not own: pin a copy for the life of the process.
        var pinned = GCHandle.Alloc(data, GCHandleType.Pinned);
        using var blob = new Blob(pinned.AddrOfPinnedObject(), data.Length, MemoryMode.ReadOnly, () => pinned.Free());
        using var face = new Face(blob, 0);
        UnitsPerEm = face.UnitsPerEm;
        hbFont = new HbFont(face);
        hbFont.SetFunctionsOpenType();
        hbFont.SetScale(UnitsPerEm, UnitsPerEm);
        outlineFree = new Lazy<OutlineFreeCopy?>(CreateOutlineFree, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Name { get; }

    public FontScript Script { get; }

    public SKTypeface Typeface { get; }

    /// <summary>The font file as Skia embeds it in a PDF (the subsetter cuts it from here instead of inflating the PDF's copy).</summary>
    public byte[] Program { get; }

    public int UnitsPerEm { get; }

    /// <summary>
    /// The typeface PDFs are drawn with: this font without outlines (see <see cref="Pdf.OutlineFreeFont"/>), made
    /// on first use; the whole typeface when the font cannot be cut that way.
    /// </summary>
    public SKTypeface PdfTypeface => outlineFree.Value?.Typeface ?? Typeface;

    /// <summary>The outline-free copy, when one has been made (none is made for asking).</summary>
    public OutlineFreeCopy? OutlineFreeIfMade => outlineFree.IsValueCreated ? outlineFree.Value : null;

    /// <summary>True when <paramref name="typeface"/> is this font's typeface or its outline-free copy.</summary>
    public bool Owns(SKTypeface typeface) =>
        ReferenceEquals(typeface, Typeface) || ReferenceEquals(typeface, OutlineFreeIfMade?.Typeface);

    /// <summary>True when the font maps <paramref name="c"/> to a glyph of its own.</summary>
    public bool Covers(char c)
    {
        var known = Volatile.Read(ref coverage[c]);
        if (known == 0)
        {
            known = hbFont.TryGetNominalGlyph(c, out var glyph) && glyph != 0 ? (byte)1 : (byte)2;
            Volatile.Write(ref coverage[c], known);
        }

        return known == 1;
    }

    private OutlineFreeCopy? CreateOutlineFree()
    {
        if (Pdf.OutlineFreeFont.Create(Program) is not { } bytes)
        {
            return null;
        }

        using var skData = SKData.CreateCopy(bytes);
        return SKTypeface.FromData(skData) is { } typeface
            ? new OutlineFreeCopy(bytes, typeface, Pdf.OutlineFreeFont.StemV(Typeface))
            : null;
    }

    /// <summary>Shapes a run of one direction with this font (cached per process).</summary>
    public ShapedGlyphs Shape(string text, bool rightToLeft)
    {
        var cache = rightToLeft ? this.rightToLeft : leftToRight;
        if (cache.TryGetValue(text, out var shaped))
        {
            return shaped;
        }

        shaped = ShapeUncached(text, rightToLeft);
        if (cache.Count >= CacheLimit)
        {
            // Briefings repeat the same few thousand words; a process that renders unusual text for long only
            // starts the cache afresh.
            cache.Clear();
        }

        cache[text] = shaped;
        return shaped;
    }

    private ShapedGlyphs ShapeUncached(string text, bool rightToLeft)
    {
        using var buffer = new HbBuffer();
        buffer.AddUtf16(text);
        buffer.Direction = rightToLeft ? Direction.RightToLeft : Direction.LeftToRight;
        buffer.Script = Script == FontScript.Arabic ? HarfBuzzSharp.Script.Arabic : HarfBuzzSharp.Script.Latin;
        buffer.Language = Script == FontScript.Arabic ? Arabic : English;

        // Bidi controls (the isolates around Arabic figures), ZWJ and ZWNJ act on shaping and then draw nothing.
        buffer.Flags = BufferFlags.RemoveDefaultIgnorables;
        hbFont.Shape(buffer, Script == FontScript.Latin ? LatinFeatures : []);

        var infos = buffer.GetGlyphInfoSpan();
        var positions = buffer.GetGlyphPositionSpan();
        var count = infos.Length;
        var glyphs = new ushort[count];
        var advances = new int[count];
        var offsetsX = new int[count];
        var offsetsY = new int[count];
        var clusters = new uint[count];
        var fontAdvances = new int[count];
        var width = 0;
        for (var i = 0; i < count; i++)
        {
            glyphs[i] = (ushort)infos[i].Codepoint;
            clusters[i] = infos[i].Cluster;
            advances[i] = positions[i].XAdvance;
            offsetsX[i] = positions[i].XOffset;
            offsetsY[i] = positions[i].YOffset;
            width += positions[i].XAdvance;
        }

        // Before the buffer goes: the font's own advances, which the shaped run is compared with when drawn.
        for (var i = 0; i < count; i++)
        {
            fontAdvances[i] = hbFont.GetHorizontalGlyphAdvance(glyphs[i]);
        }

        return new ShapedGlyphs(glyphs, advances, offsetsX, offsetsY, clusters, width, fontAdvances);
    }
}

/// <summary>A font's outline-free copy: its file, the typeface Skia draws PDFs with, and the font's real /StemV.</summary>
internal sealed record OutlineFreeCopy(byte[] Program, SKTypeface Typeface, int StemV);
