using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using LlmPulse.Rendering.Text;

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
        TrySubset(pdf, usage: null, out var result);
        return result;
    }

    /// <summary>
    /// Subsets the PDF's font programs, and puts the real glyphs in place of every outline-free copy Skia embedded
    /// (<see cref="OutlineFreeFont"/>). False when an outline-free copy is left in the result (the PDF is not laid
    /// out as Skia writes it): its text would draw nothing, so the caller must draw the document again with whole
    /// fonts. <paramref name="result"/> is the same bytes when nothing could be replaced.
    /// </summary>
    /// <param name="usage">
    /// The glyphs the document drew, per font, when it recorded them: then the content streams are not read
    /// (each font program is matched to the font it is a file of); without it, or for a font it cannot match,
    /// the glyphs are read from every text operator of the content streams.
    /// </param>
    public static bool TrySubset(byte[] pdf, GlyphUsage? usage, out byte[] result) => TrySubset(pdf, pdf.Length, reusedBuffer: false, usage, cuts: null, out result);

    /// <summary>
    /// As <see cref="TrySubset(byte[], GlyphUsage?, out byte[])"/> for the first <paramref name="length"/> bytes of
    /// <paramref name="buffer"/>; with <paramref name="reusedBuffer"/> the result is always a new array (the
    /// buffer goes back to its owner).
    /// </summary>
    /// <param name="cuts">The fonts already cut to the glyphs <paramref name="usage"/> recorded (<see cref="CutFonts"/>), by font file.</param>
    public static bool TrySubset(byte[] buffer, int length, bool reusedBuffer, GlyphUsage? usage, IReadOnlyDictionary<byte[], FontCut?>? cuts, out byte[] result)
    {
        var filled = TrySubsetCore(buffer, length, usage, cuts, out var rewritten);
        result = rewritten ?? (reusedBuffer || length != buffer.Length ? buffer.AsSpan(0, length).ToArray() : buffer);
        return filled;
    }

    /// <summary>
    /// Each font the document drew with, cut to the glyphs it drew and deflated (the whole font when cutting does
    /// not make it smaller): what <see cref="TrySubset(byte[], int, bool, GlyphUsage?, IReadOnlyDictionary{byte[], FontCut?}?, out byte[])"/>
    /// would do for each, done ahead, while Skia is still writing the file (the glyphs are known once the last page is drawn).
    /// </summary>
    public static IReadOnlyDictionary<byte[], FontCut?> CutFonts(GlyphUsage usage)
    {
        var cuts = new Dictionary<byte[], FontCut?>(ReferenceEqualityComparer.Instance);
        foreach (var (program, glyphs) in usage.Fonts())
        {
            cuts[program] = Cut(program, glyphs, wholeIfNotSmaller: true);
        }

        return cuts;
    }

    /// <summary>The work of <see cref="TrySubset(byte[], int, bool, GlyphUsage?, IReadOnlyDictionary{byte[], FontCut?}?, out byte[])"/>: the rewritten file, or null when nothing was replaced.</summary>
    private static bool TrySubsetCore(byte[] pdf, int length, GlyphUsage? usage, IReadOnlyDictionary<byte[], FontCut?>? cuts, out byte[]? result)
    {
        result = null;
        var file = SkiaPdf.TryRead(pdf, length);
        if (file is null)
        {
            return false;
        }

        var descriptors = new Dictionary<int, int>();
        var glyphsByFontFile = usage is null ? null : RecordedGlyphsByFontFile(file, usage, descriptors);
        if (glyphsByFontFile is null)
        {
            // Glyphs read back from the content streams: cuts made from the recorded ones are not for them.
            cuts = null;
            glyphsByFontFile = UsedGlyphsByFontFile(file, out descriptors);
        }

        if (glyphsByFontFile is null)
        {
            return false;
        }

        var replacements = new Dictionary<int, byte[]>();
        foreach (var (fontFile, glyphs) in glyphsByFontFile)
        {
            var stream = file.Stream(fontFile);
            if (stream is null || !stream.Value.Dictionary.Contains("/Length1", StringComparison.Ordinal))
            {
                return false;
            }

            // The file Skia embedded is one of the process's fonts (or its outline-free copy): cut the font from
            // the process's copy rather than inflate the PDF's.
            var known = KnownProgram(stream.Value.Dictionary, stream.Value.Data);
            var program = known?.Program ?? Inflate(stream.Value.Data);
            if (program is null)
            {
                continue;
            }

            var cut = known is not null && cuts is not null && cuts.TryGetValue(program, out var ready)
                ? ready
                : Cut(program, glyphs, wholeIfNotSmaller: known?.OutlineFree is not null);
            if (known?.OutlineFree is { } outlineFree)
            {
                // The copy must go whatever the subsetter says: the whole font when it could not cut it.
                cut ??= Cut(program, glyphs, wholeIfNotSmaller: true)!;
                replacements[fontFile] = StreamObject(fontFile, $"/Length1 {cut.Length}\n/Filter /FlateDecode", cut.Deflated);

                // The one descriptor figure Skia derives from outlines, which the copy has none of.
                var descriptor = descriptors[fontFile];
                replacements[descriptor] = Encoding.Latin1.GetBytes(StemVField().Replace(file.Head(descriptor), $"/StemV {outlineFree.StemV.ToString(CultureInfo.InvariantCulture)}", 1));
                continue;
            }

            if (cut is null || cut.Whole)
            {
                continue;
            }

            replacements[fontFile] = StreamObject(fontFile, $"/Length1 {cut.Length}\n/Filter /FlateDecode", cut.Deflated);
        }

        // A font program no text operator uses (or one the scan could not trace) is not replaced above.
        foreach (var number in file.ObjectNumbers)
        {
            if (!replacements.ContainsKey(number) && file.Head(number) is var head && head.Contains("/Length1 ", StringComparison.Ordinal)
                && file.Stream(number) is { } stream && KnownProgram(stream.Dictionary, stream.Data) is { OutlineFree: not null })
            {
                return false;
            }
        }

        if (replacements.Count > 0)
        {
            result = file.Rewrite(replacements);
        }

        return true;
    }

    /// <summary>A font cut to some glyphs (or left whole), deflated; null when neither was asked for.</summary>
    private static FontCut? Cut(byte[] program, IReadOnlyCollection<ushort> glyphs, bool wholeIfNotSmaller)
    {
        var subset = TrueTypeSubsetter.Subset(program, glyphs);
        return subset is not null && subset.Length < program.Length ? new FontCut(subset.Length, Deflate(subset), Whole: false)
            : wholeIfNotSmaller ? new FontCut(program.Length, Deflate(program), Whole: true)
            : null;
    }

    /// <summary>
    /// The recorded glyphs per font program object, and each program's descriptor; null when a program is not the
    /// file of a font the document recorded glyphs for.
    /// </summary>
    private static Dictionary<int, IReadOnlyCollection<ushort>>? RecordedGlyphsByFontFile(SkiaPdf file, GlyphUsage usage, Dictionary<int, int> descriptors)
    {
        var glyphs = new Dictionary<int, IReadOnlyCollection<ushort>>();
        foreach (var number in file.ObjectNumbers)
        {
            var head = file.Head(number);
            if (head.Contains("/Type /FontDescriptor", StringComparison.Ordinal) && Reference(head, "/FontFile2 ") is { } program)
            {
                descriptors[program] = number;
            }
            else if (head.Contains("/Length1 ", StringComparison.Ordinal))
            {
                if (file.Stream(number) is not { } stream || KnownProgram(stream.Dictionary, stream.Data) is not { } known
                    || usage.Of(known.Program) is not { } drawn)
                {
                    return null;
                }

                glyphs[number] = drawn;
            }
        }

        return glyphs.Keys.All(descriptors.ContainsKey) ? glyphs : null;
    }

    /// <summary>Glyph ids shown per font program object, or null when a font cannot be traced to its program.</summary>
    private static Dictionary<int, IReadOnlyCollection<ushort>>? UsedGlyphsByFontFile(SkiaPdf file, out Dictionary<int, int> descriptors)
    {
        descriptors = [];
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

        // Content streams: those of pages, and form XObjects (which Skia writes for groups and layers).
        var contents = new List<int>();
        foreach (var number in file.ObjectNumbers)
        {
            var head = file.Head(number);
            if (head.Contains("/Subtype /Form", StringComparison.Ordinal))
            {
                contents.Add(number);
            }
            else if (head.Contains("/Type /Page", StringComparison.Ordinal) && !head.Contains("/Type /Pages", StringComparison.Ordinal))
            {
                if (Reference(head, "/Contents ") is not { } pageContent)
                {
                    return null;
                }

                contents.Add(pageContent);
            }
        }

        var used = new Dictionary<int, HashSet<ushort>>();
        var programs = new Dictionary<int, (int Descriptor, int Program)?>();
        foreach (var number in contents)
        {
            if (file.Stream(number) is not { } content)
            {
                return null;
            }

            var flate = content.Dictionary.Contains("/Filter /FlateDecode", StringComparison.Ordinal);
            if (!flate && content.Dictionary.Contains("/Filter", StringComparison.Ordinal))
            {
                return null;
            }

            var bytes = flate ? Inflate(content.Data) : content.Data.ToArray();
            if (bytes is null || !ShowsGlyphs(bytes, fontsByName, programs, file, used))
            {
                return null;
            }
        }

        foreach (var traced in programs.Values)
        {
            if (traced is { } t)
            {
                descriptors[t.Program] = t.Descriptor;
            }
        }

        return used.ToDictionary(u => u.Key, u => (IReadOnlyCollection<ushort>)u.Value);
    }

    /// <summary>
    /// Adds the glyphs a content stream shows to <paramref name="used"/>, per font program. Skia writes text as
    /// "/F5 8 Tf" (select a font) and "&lt;0012002A&gt; Tj" (show glyphs; Identity-H: four hex digits a glyph); false
    /// when the stream shows text any other way or names a font that cannot be traced to its program.
    /// </summary>
    /// <remarks>Scans bytes, not a decoded string: a render reads about 100-200 KB of content this way.</remarks>
    private static bool ShowsGlyphs(ReadOnlySpan<byte> content, Dictionary<string, int> fontsByName, Dictionary<int, (int Descriptor, int Program)?> programs, SkiaPdf file, Dictionary<int, HashSet<ushort>> used)
    {
        HashSet<ushort>? current = null;
        var i = 0;
        while (i < content.Length)
        {
            var b = content[i];
            if (b == (byte)'(' || (b == (byte)'T' && i + 1 < content.Length && content[i + 1] == (byte)'J'))
            {
                // A literal string or a TJ array: not how Skia shows glyphs, so leave the fonts whole.
                return false;
            }

            if (b == (byte)'<' && i + 1 < content.Length && content[i + 1] != (byte)'<')
            {
                var close = content[(i + 1)..].IndexOf((byte)'>');
                if (close < 0)
                {
                    return false;
                }

                var hex = content.Slice(i + 1, close);
                var after = content[(i + close + 2)..];
                while (!after.IsEmpty && after[0] == (byte)' ')
                {
                    after = after[1..];
                }

                if (after.StartsWith("Tj"u8))
                {
                    if (current is null || hex.Length % 4 != 0)
                    {
                        return false;
                    }

                    for (var g = 0; g < hex.Length; g += 4)
                    {
                        current.Add((ushort)((Hex(hex[g]) << 12) | (Hex(hex[g + 1]) << 8) | (Hex(hex[g + 2]) << 4) | Hex(hex[g + 3])));
                    }
                }

                i += close + 2;
                continue;
            }

            if (b == (byte)'/' && SelectsFont(content[i..], out var name, out var length))
            {
                if (!fontsByName.TryGetValue(name, out var font))
                {
                    return false;
                }

                // Every font switch names one of a few fonts: trace each to its program once per document.
                if (!programs.TryGetValue(font, out var traced))
                {
                    traced = FontFileOf(file, font);
                    programs[font] = traced;
                }

                if (traced is not { Program: var program })
                {
                    return false;
                }

                if (!used.TryGetValue(program, out current))
                {
                    current = [0];
                    used[program] = current;
                }

                i += length;
                continue;
            }

            i++;
        }

        return true;
    }

    /// <summary>True at "/Name size Tf": the resource name and the length of the operation.</summary>
    private static bool SelectsFont(ReadOnlySpan<byte> at, out string name, out int length)
    {
        name = "";
        length = 0;
        var end = 1;
        while (end < at.Length && at[end] is not ((byte)' ' or (byte)'\n' or (byte)'/' or (byte)'[' or (byte)'<'))
        {
            end++;
        }

        var rest = at[end..];
        var size = 0;
        while (size < rest.Length && rest[size] is (byte)' ' or (byte)'-' or (byte)'.' or (>= (byte)'0' and <= (byte)'9'))
        {
            size++;
        }

        if (size < 2 || !rest[size..].StartsWith("Tf"u8))
        {
            return false;
        }

        name = Encoding.ASCII.GetString(at[1..end]);
        length = end + size + 2;
        return true;
    }

    private static int Hex(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => 0,
    };

    /// <summary>The descriptor and FontFile2 objects of a Type0 font: font, its descendant CIDFont, its descriptor, its program.</summary>
    private static (int Descriptor, int Program)? FontFileOf(SkiaPdf file, int type0)
    {
        var head = file.Head(type0);
        if (!head.Contains("/Encoding /Identity-H", StringComparison.Ordinal))
        {
            return null;
        }

        var descendant = Reference(head, "/DescendantFonts [");
        var descriptor = descendant is { } d && file.Head(d).Contains("/CIDToGIDMap /Identity", StringComparison.Ordinal) ? Reference(file.Head(d), "/FontDescriptor ") : null;
        return descriptor is { } fd && Reference(file.Head(fd), "/FontFile2 ") is { } program ? (fd, program) : null;
    }

    private static int? Reference(string dictionary, string key)
    {
        var at = dictionary.IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = at + key.Length;
        return SkiaPdf.TryReadInteger(dictionary.AsSpan(start), out var number, out var digits)
            && dictionary.AsSpan(start + digits).StartsWith(" 0 R", StringComparison.Ordinal)
                ? number
                : null;
    }

    /// <summary>
    /// The loaded font whose file (or outline-free copy) this font stream holds: same length, and the same table
    /// directory (tags, checksums, offsets and lengths of every table), read from the first bytes of the stream.
    /// </summary>
    private static (byte[] Program, OutlineFreeCopy? OutlineFree)? KnownProgram(string dictionary, ReadOnlyMemory<byte> data)
    {
        var at = dictionary.IndexOf("/Length1 ", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        if (!SkiaPdf.TryReadInteger(dictionary.AsSpan(at + 9), out var length, out _))
        {
            return null;
        }

        byte[]? directory = null;
        foreach (var (embedded, program, outlineFree) in BriefingFonts.EmbeddablePrograms())
        {
            if (embedded.Length != length || embedded.Length < 12)
            {
                continue;
            }

            var size = 12 + (16 * ((embedded[4] << 8) | embedded[5]));
            if (size > embedded.Length)
            {
                continue;
            }

            directory ??= InflatePrefix(data, size);
            if (directory is not null && directory.Length >= size && directory.AsSpan(0, size).SequenceEqual(embedded.AsSpan(0, size)))
            {
                return (program, outlineFree);
            }
        }

        return null;
    }

    /// <summary>The first <paramref name="count"/> bytes of a zlib stream (fewer if it is shorter), or null when it is not one.</summary>
    private static byte[]? InflatePrefix(ReadOnlyMemory<byte> data, int count)
    {
        try
        {
            using var input = ReadingStream(data);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            var prefix = new byte[count];
            var read = zlib.ReadAtLeast(prefix, count, throwOnEndOfStream: false);
            return read == count ? prefix : prefix[..read];
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static byte[]? Inflate(ReadOnlyMemory<byte> data)
    {
        try
        {
            using var input = ReadingStream(data);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream(data.Length * 8);
            zlib.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>A read-only stream over the bytes, without copying them when they are a slice of an array.</summary>
    private static MemoryStream ReadingStream(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal))
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

    [GeneratedRegex(@"/StemV -?[0-9.]+")]
    private static partial Regex StemVField();

    [GeneratedRegex(@"/Font\s*<<([^<>]*)>>")]
    private static partial Regex FontResources();

    [GeneratedRegex(@"/([A-Za-z0-9_.\-]+)\s+(\d+)\s+0\s+R")]
    private static partial Regex ResourceEntry();
}

/// <summary>A font program ready to embed: its length, its deflated bytes, and whether it is the whole font.</summary>
internal sealed record FontCut(int Length, byte[] Deflated, bool Whole);
