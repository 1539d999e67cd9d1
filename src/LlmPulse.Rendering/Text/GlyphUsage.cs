namespace LlmPulse.Rendering.Text;

/// <summary>
/// The glyphs a document's text draws, per font, marked as each line is drawn: the font subsetter keeps exactly
/// these, without reading them back out of the PDF's content streams. One per document; not thread-safe.
/// </summary>
internal sealed class GlyphUsage
{
    private readonly Dictionary<ShapingFont, ulong[]> used = [];

    public void Add(ShapingFont font, ReadOnlySpan<ushort> glyphs)
    {
        if (!used.TryGetValue(font, out var bits))
        {
            // Glyph 0 (.notdef) stays in every font a PDF embeds.
            bits = new ulong[0x10000 / 64];
            bits[0] = 1;
            used[font] = bits;
        }

        foreach (var glyph in glyphs)
        {
            bits[glyph >> 6] |= 1UL << (glyph & 63);
        }
    }

    /// <summary>The glyphs drawn with the font whose file is <paramref name="program"/>, or null when none was.</summary>
    public IReadOnlyCollection<ushort>? Of(byte[] program)
    {
        foreach (var (font, bits) in used)
        {
            if (ReferenceEquals(font.Program, program))
            {
                return Glyphs(bits);
            }
        }

        return null;
    }

    /// <summary>Every font drawn with, by its file, and its glyphs.</summary>
    public IEnumerable<(byte[] Program, IReadOnlyCollection<ushort> Glyphs)> Fonts() =>
        used.Select(u => (u.Key.Program, (IReadOnlyCollection<ushort>)Glyphs(u.Value)));

    private static List<ushort> Glyphs(ulong[] bits)
    {
        var glyphs = new List<ushort>();
        for (var word = 0; word < bits.Length; word++)
        {
            for (var rest = bits[word]; rest != 0; rest &= rest - 1)
            {
                glyphs.Add((ushort)((word << 6) + System.Numerics.BitOperations.TrailingZeroCount(rest)));
            }
        }

        return glyphs;
    }
}
