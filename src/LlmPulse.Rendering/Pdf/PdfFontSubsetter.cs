using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace LlmPulse.Rendering.Pdf;

/// <summary>
/// Cuts every TrueType font program in a PDF that Skia wrote down to the glyphs the document draws.
/// </summary>
/// <remarks>
/// Skia's PDF writer in SkiaSharp's native build has no font subsetter: it embeds each typeface's file whole (the
/// shipped Noto subsets are about 35 KB each, over half the file). This step reads the glyph ids every text
/// operator shows, per font, and replaces each font program with one holding only those glyphs (HarfBuzz's
/// subsetter, keeping glyph ids so the content streams stay as they are, and dropping the shaping tables a
/// viewer never reads). It understands exactly the structure Skia writes (one classic cross-reference table,
/// Type0 fonts with Identity-H encoding, hex strings shown with Tj); anything else leaves the PDF untouched, so
/// the worst case is a larger file, never a broken one.
/// </remarks>
internal static partial class PdfFontSubsetter
{
    /// <summary>The PDF with its font programs subset, or the same bytes when it is not what Skia writes.</summary>
    public static byte[] Subset(byte[] pdf)
    {
        var file = SkiaPdf.TryRead(pdf);
        if (file is null)
        {
            return pdf;
        }

        var glyphsByFontFile = UsedGlyphsByFontFile(file);
        if (glyphsByFontFile is null || glyphsByFontFile.Count == 0)
        {
            return pdf;
        }

        var replacements = new Dictionary<int, byte[]>();
        foreach (var (fontFile, glyphs) in glyphsByFontFile)
        {
            var stream = file.Stream(fontFile);
            if (stream is null || !stream.Value.Dictionary.Contains("/Length1", StringComparison.Ordinal))
            {
                return pdf;
            }

            var program = Inflate(stream.Value.Data.Span);
            var subset = program is null ? null : TrueTypeSubsetter.Subset(program, glyphs);
            if (subset is null || subset.Length >= program!.Length)
            {
                continue;
            }

            replacements[fontFile] = StreamObject(fontFile, $"/Length1 {subset.Length}\n/Filter /FlateDecode", Deflate(subset));
        }

        return replacements.Count == 0 ? pdf : file.Rewrite(replacements);
    }

    /// <summary>Glyph ids shown per font program object, or null when a font cannot be traced to its program.</summary>
    private static Dictionary<int, HashSet<ushort>>? UsedGlyphsByFontFile(SkiaPdf file)
    {
        // Resource names of fonts (/F5) to the Type0 font objects they name, from every /Font resource dictionary.
        var fontsByName = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var number in file.ObjectNumbers)
        {
            foreach (Match resources in FontResources().Matches(file.Head(number)))
            {
                foreach (Match entry in ResourceEntry().Matches(resources.Groups[1].Value))
                {
                    var target = int.Parse(entry.Groups[2].Value, CultureInfo.InvariantCulture);
                    if (fontsByName.TryGetValue(entry.Groups[1].Value, out var known) && known != target)
                    {
                        return null;
                    }

                    fontsByName[entry.Groups[1].Value] = target;
                }
            }
        }

        var used = new Dictionary<int, HashSet<ushort>>();
        foreach (var number in file.ObjectNumbers)
        {
            var stream = file.Stream(number);
            if (stream is not { } content || content.Dictionary.Contains("/Length1", StringComparison.Ordinal) || !content.Dictionary.Contains("/FlateDecode", StringComparison.Ordinal))
            {
                continue;
            }

            var text = Inflate(content.Data.Span) is { } bytes ? Encoding.Latin1.GetString(bytes) : null;
            if (text is null || !text.Contains(" Tf", StringComparison.Ordinal))
            {
                continue;
            }

            if (text.Contains(" TJ", StringComparison.Ordinal) || text.Contains(") Tj", StringComparison.Ordinal))
            {
                // Glyphs shown some other way than Skia's hex strings: leave the fonts whole.
                return null;
            }

            HashSet<ushort>? current = null;
            foreach (Match op in TextOperator().Matches(text))
            {
                if (op.Groups["font"].Success)
                {
                    if (!fontsByName.TryGetValue(op.Groups["font"].Value, out var font) || FontFileOf(file, font) is not { } program)
                    {
                        return null;
                    }

                    if (!used.TryGetValue(program, out current))
                    {
                        current = [0];
                        used[program] = current;
                    }

                    continue;
                }

                if (current is null)
                {
                    return null;
                }

                var hex = op.Groups["glyphs"].Value;
                for (var i = 0; i + 4 <= hex.Length; i += 4)
                {
                    current.Add(ushort.Parse(hex.AsSpan(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
            }
        }

        return used;
    }

    /// <summary>The FontFile2 object of a Type0 font: font, its descendant CIDFont, its descriptor, its program.</summary>
    private static int? FontFileOf(SkiaPdf file, int type0)
    {
        var head = file.Head(type0);
        if (!head.Contains("/Encoding /Identity-H", StringComparison.Ordinal))
        {
            return null;
        }

        var descendant = Reference(head, "/DescendantFonts [");
        var descriptor = descendant is { } d && file.Head(d).Contains("/CIDToGIDMap /Identity", StringComparison.Ordinal) ? Reference(file.Head(d), "/FontDescriptor ") : null;
        return descriptor is { } fd ? Reference(file.Head(fd), "/FontFile2 ") : null;
    }

    private static int? Reference(string dictionary, string key)
    {
        var at = dictionary.IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = at + key.Length;
        var end = start;
        while (end < dictionary.Length && char.IsAsciiDigit(dictionary[end]))
        {
            end++;
        }

        return end > start && dictionary.AsSpan(end).StartsWith(" 0 R", StringComparison.Ordinal)
            ? int.Parse(dictionary.AsSpan(start, end - start), CultureInfo.InvariantCulture)
            : null;
    }

    private static byte[]? Inflate(ReadOnlySpan<byte> data)
    {
        try
        {
            using var input = new MemoryStream(data.ToArray());
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            zlib.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] StreamObject(int number, string dictionary, byte[] data)
    {
        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{number} 0 obj\n<<{dictionary}\n/Length {data.Length}>> stream\n"));
        var tail = "\nendstream\nendobj\n"u8;
        var bytes = new byte[head.Length + data.Length + tail.Length];
        head.CopyTo(bytes, 0);
        data.CopyTo(bytes, head.Length);
        tail.CopyTo(bytes.AsSpan(head.Length + data.Length));
        return bytes;
    }

    [GeneratedRegex(@"/Font\s*<<([^<>]*)>>")]
    private static partial Regex FontResources();

    [GeneratedRegex(@"/([A-Za-z0-9_.\-]+)\s+(\d+)\s+0\s+R")]
    private static partial Regex ResourceEntry();

    // "/F5 8 Tf" selects a font; "<0012002A> Tj" shows glyphs (Identity-H: two bytes, four hex digits, a glyph).
    [GeneratedRegex(@"/(?<font>[A-Za-z0-9_.\-]+)\s+[-0-9.]+\s+Tf\b|<(?<glyphs>[0-9A-Fa-f]*)>\s*Tj\b")]
    private static partial Regex TextOperator();
}
