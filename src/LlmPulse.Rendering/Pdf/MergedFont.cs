using System.Buffers.Binary;

namespace LlmPulse.Rendering.Pdf;

/// <summary>
/// Two TrueType fonts of the same units per em as one: the first font's glyphs keep their ids, the second's follow
/// them. The Arabic edition's PDF draws with Noto Sans Arabic and Noto Sans merged this way, so a line that
/// changes script at every Latin name and figure is one run of one font, not a text object per script change
/// (Skia's PDF writer pays a fixed cost per text object, the larger part of that edition's render).
/// </summary>
/// <remarks>
/// Only what a PDF writer and a rasteriser read is kept: outlines, advances, character map, metrics and names;
/// shaping tables stay with the separate fonts, which still shape every run. A character both fonts map (the
/// space, the no-break space) maps to the first font's glyph; the second font's glyph for it is drawn as the
/// first's when both are blank and advance alike, so the PDF's ToUnicode map, built from the character map,
/// covers every glyph drawn.
/// </remarks>
internal static class MergedFont
{
    // Component flags of a composite glyph (glyf table).
    private const ushort ArgsAreWords = 0x0001;
    private const ushort HaveScale = 0x0008;
    private const ushort MoreComponents = 0x0020;
    private const ushort HaveXYScale = 0x0040;
    private const ushort HaveTwoByTwo = 0x0080;

    /// <summary>
    /// The merged font and, per glyph id of <paramref name="second"/>, its id in it; null when either font is not a
    /// plain TrueType font this can read, or their units per em differ.
    /// </summary>
    public static (byte[] Program, ushort[] SecondGlyphs)? Create(byte[] first, byte[] second)
    {
        if (Read(first) is not { } a || Read(second) is not { } b || a.UnitsPerEm != b.UnitsPerEm
            || a.Glyphs + b.Glyphs > ushort.MaxValue)
        {
            return null;
        }

        var total = a.Glyphs + b.Glyphs;
        var map = new ushort[b.Glyphs];
        for (var g = 0; g < b.Glyphs; g++)
        {
            map[g] = (ushort)(a.Glyphs + g);
        }

        var characters = new SortedDictionary<int, ushort>(a.CharacterMap.ToDictionary(c => c.Key, c => c.Value));
        foreach (var (code, glyph) in b.CharacterMap)
        {
            if (characters.TryGetValue(code, out var shared))
            {
                // Only blank glyphs (spaces) are shared: any two with outlines are the fonts' own designs.
                if (a.Advances[shared] == b.Advances[glyph] && a.Outline(shared).IsEmpty && b.Outline(glyph).IsEmpty)
                {
                    map[glyph] = shared;
                }
            }
            else
            {
                characters[code] = map[glyph];
            }
        }

        // Outlines: the first font's as they are, then the second's with composite glyphs' components renumbered.
        var glyf = new MemoryStream();
        var loca = new byte[(total + 1) * 4];
        var n = 0;
        foreach (var (font, offset) in new[] { (a, 0), (b, a.Glyphs) })
        {
            for (var g = 0; g < font.Glyphs; g++, n++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(n * 4), (uint)glyf.Length);
                var outline = font.Outline(g).ToArray();
                if (offset != 0 && !Renumber(outline, offset))
                {
                    return null;
                }

                glyf.Write(outline);
                while (glyf.Length % 4 != 0)
                {
                    glyf.WriteByte(0);
                }
            }
        }

        BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(n * 4), (uint)glyf.Length);

        var hmtx = new byte[total * 4];
        for (var g = 0; g < total; g++)
        {
            var (font, own) = g < a.Glyphs ? (a, g) : (b, g - a.Glyphs);
            BinaryPrimitives.WriteUInt16BigEndian(hmtx.AsSpan(g * 4), font.Advances[own]);
            BinaryPrimitives.WriteInt16BigEndian(hmtx.AsSpan((g * 4) + 2), font.LeftBearings[own]);
        }

        var head = a.Table("head").ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0);
        for (var i = 0; i < 4; i++)
        {
            // xMin, yMin, xMax, yMax: the box of both fonts' glyphs.
            var at = 36 + (i * 2);
            var x = BinaryPrimitives.ReadInt16BigEndian(a.Table("head")[at..]);
            var y = BinaryPrimitives.ReadInt16BigEndian(b.Table("head")[at..]);
            BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(at), i < 2 ? Math.Min(x, y) : Math.Max(x, y));
        }

        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1);

        var hhea = a.Table("hhea").ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(hhea.AsSpan(10), Math.Max(a.Advances.Max(), b.Advances.Max()));
        BinaryPrimitives.WriteUInt16BigEndian(hhea.AsSpan(34), (ushort)total);

        // maxp 1.0: every maximum is the larger of the two fonts'.
        var maxp = a.Table("maxp").ToArray();
        var otherMaxp = b.Table("maxp");
        if (maxp.Length < 32 || otherMaxp.Length < 32)
        {
            return null;
        }

        BinaryPrimitives.WriteUInt16BigEndian(maxp.AsSpan(4), (ushort)total);
        for (var at = 6; at < 32; at += 2)
        {
            var larger = Math.Max(BinaryPrimitives.ReadUInt16BigEndian(maxp.AsSpan(at)), BinaryPrimitives.ReadUInt16BigEndian(otherMaxp[at..]));
            BinaryPrimitives.WriteUInt16BigEndian(maxp.AsSpan(at), larger);
        }

        // post 3.0: no glyph names (a PDF's CID font does not use them), the first font's italic angle and lines.
        var post = a.Table("post")[..32].ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(post, 0x00030000);

        var tables = new List<(uint Tag, byte[] Data)>
        {
            (Tag("OS/2"), a.Table("OS/2").ToArray()),
            (Tag("cmap"), CharacterMap(characters)),
            (Tag("glyf"), glyf.ToArray()),
            (Tag("head"), head),
            (Tag("hhea"), hhea),
            (Tag("hmtx"), hmtx),
            (Tag("loca"), loca),
            (Tag("maxp"), maxp),
            (Tag("name"), Names(a.Table("name"))),
            (Tag("post"), post),
        };
        return (OutlineFreeFont.Write(tables), map);
    }

    /// <summary>
    /// The first font's name table, Windows names only, with a family and PostScript name of the merged font's own
    /// ("NotoSansArabicAndLatin-Bold"): the PDF names its font by it, and it is neither of the fonts alone.
    /// Copyright, trademark and licence names are kept.
    /// </summary>
    private static byte[] Names(ReadOnlySpan<byte> table)
    {
        var kept = new List<(ushort Id, byte[] Text)>();
        var style = "Regular";
        var family = "Noto Sans Arabic and Latin";
        var count = table.Length >= 6 ? BinaryPrimitives.ReadUInt16BigEndian(table[2..]) : 0;
        var strings = table.Length >= 6 ? BinaryPrimitives.ReadUInt16BigEndian(table[4..]) : 0;
        for (var i = 0; i < count && 6 + ((i + 1) * 12) <= table.Length; i++)
        {
            var record = table.Slice(6 + (i * 12), 12);
            var platform = BinaryPrimitives.ReadUInt16BigEndian(record);
            var id = BinaryPrimitives.ReadUInt16BigEndian(record[6..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(record[8..]);
            var offset = strings + BinaryPrimitives.ReadUInt16BigEndian(record[10..]);
            if (platform != 3 || BinaryPrimitives.ReadUInt16BigEndian(record[2..]) != 1 || BinaryPrimitives.ReadUInt16BigEndian(record[4..]) != 0x0409
                || offset + length > table.Length)
            {
                continue;
            }

            var text = table.Slice(offset, length).ToArray();
            if (id == 2)
            {
                style = System.Text.Encoding.BigEndianUnicode.GetString(text);
            }
            else if (id is 0 or 7 or 13 or 14)
            {
                kept.Add((id, text));
            }
        }

        kept.Add((1, System.Text.Encoding.BigEndianUnicode.GetBytes(family)));
        kept.Add((2, System.Text.Encoding.BigEndianUnicode.GetBytes(style)));
        kept.Add((4, System.Text.Encoding.BigEndianUnicode.GetBytes($"{family} {style}")));
        kept.Add((6, System.Text.Encoding.BigEndianUnicode.GetBytes($"NotoSansArabicAndLatin-{style.Replace(" ", "", StringComparison.Ordinal)}")));
        kept.Sort((x, y) => x.Id.CompareTo(y.Id));

        var header = 6 + (kept.Count * 12);
        var output = new byte[header + kept.Sum(k => k.Text.Length)];
        var span = output.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)kept.Count);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)header);
        var at = 0;
        for (var i = 0; i < kept.Count; i++)
        {
            var record = span.Slice(6 + (i * 12), 12);
            BinaryPrimitives.WriteUInt16BigEndian(record, 3);
            BinaryPrimitives.WriteUInt16BigEndian(record[2..], 1);
            BinaryPrimitives.WriteUInt16BigEndian(record[4..], 0x0409);
            BinaryPrimitives.WriteUInt16BigEndian(record[6..], kept[i].Id);
            BinaryPrimitives.WriteUInt16BigEndian(record[8..], (ushort)kept[i].Text.Length);
            BinaryPrimitives.WriteUInt16BigEndian(record[10..], (ushort)at);
            kept[i].Text.CopyTo(span[(header + at)..]);
            at += kept[i].Text.Length;
        }

        return output;
    }

    /// <summary>Adds <paramref name="offset"/> to the glyph id of every component of a composite glyph.</summary>
    private static bool Renumber(byte[] outline, int offset)
    {
        if (outline.Length < 10 || BinaryPrimitives.ReadInt16BigEndian(outline) >= 0)
        {
            return true;
        }

        for (var at = 10; ;)
        {
            if (at + 4 > outline.Length)
            {
                return false;
            }

            var flags = BinaryPrimitives.ReadUInt16BigEndian(outline.AsSpan(at));
            var glyph = BinaryPrimitives.ReadUInt16BigEndian(outline.AsSpan(at + 2));
            BinaryPrimitives.WriteUInt16BigEndian(outline.AsSpan(at + 2), (ushort)(glyph + offset));
            at += 4 + ((flags & ArgsAreWords) != 0 ? 4 : 2);
            at += (flags & HaveScale) != 0 ? 2 : (flags & HaveXYScale) != 0 ? 4 : (flags & HaveTwoByTwo) != 0 ? 8 : 0;
            if ((flags & MoreComponents) == 0)
            {
                return at <= outline.Length;
            }
        }
    }

    /// <summary>A cmap with one format 4 subtable (Windows, Unicode BMP): a segment per run of consecutive characters and glyphs.</summary>
    private static byte[] CharacterMap(SortedDictionary<int, ushort> characters)
    {
        var segments = new List<(int Start, int End, int Delta)>();
        foreach (var (code, glyph) in characters)
        {
            if (code > 0xFFFE)
            {
                continue;
            }

            if (segments.Count > 0 && segments[^1] is var last && last.End == code - 1 && ((last.Start + last.Delta + (code - last.Start)) & 0xFFFF) == glyph)
            {
                segments[^1] = (last.Start, code, last.Delta);
            }
            else
            {
                segments.Add((code, code, glyph - code));
            }
        }

        segments.Add((0xFFFF, 0xFFFF, 1));
        var count = segments.Count;
        var length = 16 + (count * 8);
        var data = new byte[12 + length];
        var span = data.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span, 0);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], 3);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], 1);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], 12);
        var table = span[12..];
        BinaryPrimitives.WriteUInt16BigEndian(table, 4);
        BinaryPrimitives.WriteUInt16BigEndian(table[2..], (ushort)length);
        BinaryPrimitives.WriteUInt16BigEndian(table[6..], (ushort)(count * 2));
        var power = 1;
        var log = 0;
        while (power * 2 <= count)
        {
            power *= 2;
            log++;
        }

        BinaryPrimitives.WriteUInt16BigEndian(table[8..], (ushort)(power * 2));
        BinaryPrimitives.WriteUInt16BigEndian(table[10..], (ushort)log);
        BinaryPrimitives.WriteUInt16BigEndian(table[12..], (ushort)((count - power) * 2));
        for (var i = 0; i < count; i++)
        {
            var (start, end, delta) = segments[i];
            BinaryPrimitives.WriteUInt16BigEndian(table[(14 + (i * 2))..], (ushort)end);
            BinaryPrimitives.WriteUInt16BigEndian(table[(16 + (count * 2) + (i * 2))..], (ushort)start);
            BinaryPrimitives.WriteUInt16BigEndian(table[(16 + (count * 4) + (i * 2))..], (ushort)(delta & 0xFFFF));
        }

        return data;
    }

    private static SourceFont? Read(byte[] font)
    {
        if (font.Length < 12 || BinaryPrimitives.ReadUInt32BigEndian(font) != 0x00010000)
        {
            return null;
        }

        var tables = new Dictionary<string, (int Offset, int Length)>(StringComparer.Ordinal);
        var count = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        for (var i = 0; i < count; i++)
        {
            var entry = font.AsSpan(12 + (16 * i), 16);
            var offset = BinaryPrimitives.ReadUInt32BigEndian(entry[8..]);
            var length = BinaryPrimitives.ReadUInt32BigEndian(entry[12..]);
            if (offset + (long)length > font.Length)
            {
                return null;
            }

            tables[System.Text.Encoding.ASCII.GetString(entry[..4])] = ((int)offset, (int)length);
        }

        foreach (var required in new[] { "head", "hhea", "hmtx", "maxp", "loca", "glyf", "cmap", "OS/2", "name", "post" })
        {
            if (!tables.ContainsKey(required))
            {
                return null;
            }
        }

        var source = new SourceFont(font, tables);
        return source.Load() ? source : null;
    }

    private static uint Tag(string tag) => ((uint)tag[0] << 24) | ((uint)tag[1] << 16) | ((uint)tag[2] << 8) | tag[3];

    private sealed class SourceFont(byte[] font, Dictionary<string, (int Offset, int Length)> tables)
    {
        private int[] outlineStarts = [];

        public int Glyphs { get; private set; }

        public int UnitsPerEm { get; private set; }

        public ushort[] Advances { get; private set; } = [];

        public short[] LeftBearings { get; private set; } = [];

        public Dictionary<int, ushort> CharacterMap { get; } = [];

        public ReadOnlySpan<byte> Table(string tag) => font.AsSpan(tables[tag].Offset, tables[tag].Length);

        public ReadOnlySpan<byte> Outline(int glyph) =>
            Table("glyf")[outlineStarts[glyph]..outlineStarts[glyph + 1]];

        public bool Load()
        {
            var head = Table("head");
            var maxp = Table("maxp");
            var hhea = Table("hhea");
            if (head.Length < 54 || maxp.Length < 6 || hhea.Length < 36)
            {
                return false;
            }

            UnitsPerEm = BinaryPrimitives.ReadUInt16BigEndian(head[18..]);
            Glyphs = BinaryPrimitives.ReadUInt16BigEndian(maxp[4..]);
            var longOffsets = BinaryPrimitives.ReadInt16BigEndian(head[50..]) == 1;
            var loca = Table("loca");
            if (loca.Length < (Glyphs + 1) * (longOffsets ? 4 : 2))
            {
                return false;
            }

            outlineStarts = new int[Glyphs + 1];
            for (var g = 0; g <= Glyphs; g++)
            {
                outlineStarts[g] = longOffsets ? (int)BinaryPrimitives.ReadUInt32BigEndian(loca[(g * 4)..]) : BinaryPrimitives.ReadUInt16BigEndian(loca[(g * 2)..]) * 2;
                if (outlineStarts[g] > Table("glyf").Length || (g > 0 && outlineStarts[g] < outlineStarts[g - 1]))
                {
                    return false;
                }
            }

            var metrics = BinaryPrimitives.ReadUInt16BigEndian(hhea[34..]);
            var hmtx = Table("hmtx");
            if (metrics == 0 || metrics > Glyphs || hmtx.Length < (metrics * 4) + ((Glyphs - metrics) * 2))
            {
                return false;
            }

            Advances = new ushort[Glyphs];
            LeftBearings = new short[Glyphs];
            for (var g = 0; g < Glyphs; g++)
            {
                Advances[g] = BinaryPrimitives.ReadUInt16BigEndian(hmtx[(Math.Min(g, metrics - 1) * 4)..]);
                LeftBearings[g] = g < metrics
                    ? BinaryPrimitives.ReadInt16BigEndian(hmtx[((g * 4) + 2)..])
                    : BinaryPrimitives.ReadInt16BigEndian(hmtx[((metrics * 4) + ((g - metrics) * 2))..]);
            }

            return ReadCharacterMap();
        }

        /// <summary>The Unicode BMP mappings of the first format 4 subtable.</summary>
        private bool ReadCharacterMap()
        {
            var cmap = Table("cmap");
            var subtables = BinaryPrimitives.ReadUInt16BigEndian(cmap[2..]);
            for (var i = 0; i < subtables; i++)
            {
                var platform = BinaryPrimitives.ReadUInt16BigEndian(cmap[(4 + (i * 8))..]);
                var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(cmap[(8 + (i * 8))..]);
                if (platform is not (0 or 3) || offset + 14 > cmap.Length || BinaryPrimitives.ReadUInt16BigEndian(cmap[offset..]) != 4)
                {
                    continue;
                }

                var table = cmap[offset..];
                var segments = BinaryPrimitives.ReadUInt16BigEndian(table[6..]) / 2;
                var ends = 14;
                var starts = ends + (segments * 2) + 2;
                var deltas = starts + (segments * 2);
                var rangeOffsets = deltas + (segments * 2);
                if (rangeOffsets + (segments * 2) > table.Length)
                {
                    return false;
                }

                for (var s = 0; s < segments; s++)
                {
                    int end = BinaryPrimitives.ReadUInt16BigEndian(table[(ends + (s * 2))..]);
                    int start = BinaryPrimitives.ReadUInt16BigEndian(table[(starts + (s * 2))..]);
                    int delta = BinaryPrimitives.ReadInt16BigEndian(table[(deltas + (s * 2))..]);
                    int rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(table[(rangeOffsets + (s * 2))..]);
                    for (var code = start; code <= end && code != 0xFFFF; code++)
                    {
                        int glyph;
                        if (rangeOffset == 0)
                        {
                            glyph = (code + delta) & 0xFFFF;
                        }
                        else
                        {
                            var at = rangeOffsets + (s * 2) + rangeOffset + ((code - start) * 2);
                            if (at + 2 > table.Length)
                            {
                                return false;
                            }

                            glyph = BinaryPrimitives.ReadUInt16BigEndian(table[at..]);
                            glyph = glyph == 0 ? 0 : (glyph + delta) & 0xFFFF;
                        }

                        if (glyph != 0 && glyph < Glyphs)
                        {
                            CharacterMap[code] = (ushort)glyph;
                        }
                    }
                }

                return true;
            }

            return false;
        }
    }
}
