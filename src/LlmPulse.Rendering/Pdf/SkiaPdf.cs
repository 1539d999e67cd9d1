using System.Globalization;
using System.Text;

namespace LlmPulse.Rendering.Pdf;

/// <summary>
/// A PDF as Skia writes it, object by object: a header, numbered objects, one cross-reference table with a single
/// subsection starting at object 0, and a trailer. Objects are located through the cross-reference table, so a
/// stream's binary data is never scanned for keywords.
/// </summary>
internal sealed class SkiaPdf
{
    private readonly byte[] pdf;
    private readonly int[] offsets;
    private readonly int[] ends;
    private readonly string trailer;

    private SkiaPdf(byte[] pdf, int[] offsets, int[] ends, string trailer)
    {
        this.pdf = pdf;
        this.offsets = offsets;
        this.ends = ends;
        this.trailer = trailer;
    }

    /// <summary>Object numbers 1..n.</summary>
    public IEnumerable<int> ObjectNumbers => Enumerable.Range(1, offsets.Length - 1);

    /// <summary>Reads the structure, or null when the file is not laid out as Skia lays it out.</summary>
    public static SkiaPdf? TryRead(byte[] pdf) => TryRead(pdf, pdf.Length);

    /// <summary>Reads the first <paramref name="length"/> bytes of <paramref name="pdf"/> (a reused buffer may be longer).</summary>
    /// <remarks>
    /// Works on the bytes: decoding a whole file to a string allocated twice its size (a large-object-heap
    /// allocation on every render) only to find a few keywords.
    /// </remarks>
    public static SkiaPdf? TryRead(byte[] pdf, int length)
    {
        var text = pdf.AsSpan(0, length);
        var startxref = text.LastIndexOf("startxref\n"u8);
        if (startxref < 0)
        {
            return null;
        }

        var numberEnd = IndexOf(text, (byte)'\n', startxref + 10);
        if (numberEnd < 0 || !int.TryParse(text[(startxref + 10)..numberEnd], NumberStyles.None, CultureInfo.InvariantCulture, out var xref)
            || xref <= 0 || xref >= length || !text[xref..].StartsWith("xref\n0 "u8))
        {
            return null;
        }

        var countEnd = IndexOf(text, (byte)'\n', xref + 7);
        if (countEnd < 0 || !int.TryParse(text[(xref + 7)..countEnd], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 2)
        {
            return null;
        }

        // Entries are exactly 20 bytes: "0000012345 00000 n \n".
        var offsets = new int[count];
        var entries = countEnd + 1;
        if (entries + (count * 20) > length)
        {
            return null;
        }

        Span<byte> expected = stackalloc byte[24];
        for (var i = 1; i < count; i++)
        {
            var entry = text.Slice(entries + (i * 20), 20);
            if (entry[17] != (byte)'n' || !int.TryParse(entry[..10], NumberStyles.None, CultureInfo.InvariantCulture, out offsets[i]) || offsets[i] >= xref)
            {
                return null;
            }

            if (!i.TryFormat(expected, out var digits, default, CultureInfo.InvariantCulture))
            {
                return null;
            }

            " 0 obj\n"u8.CopyTo(expected[digits..]);
            if (!text[offsets[i]..].StartsWith(expected[..(digits + 7)]))
            {
                return null;
            }
        }

        var trailerStart = entries + (count * 20);
        if (!text[trailerStart..].StartsWith("trailer\n"u8) || trailerStart > startxref)
        {
            return null;
        }

        // Each object ends where the next one in the file starts (or where the cross-reference table starts).
        var order = Enumerable.Range(1, count - 1).OrderBy(i => offsets[i]).ToArray();
        var ends = new int[count];
        for (var k = 0; k < order.Length; k++)
        {
            ends[order[k]] = k + 1 < order.Length ? offsets[order[k + 1]] : xref;
        }

        return new SkiaPdf(pdf, offsets, ends, Encoding.Latin1.GetString(text[trailerStart..startxref]));
    }

    private static int IndexOf(ReadOnlySpan<byte> text, byte value, int from)
    {
        var at = text[from..].IndexOf(value);
        return at < 0 ? -1 : from + at;
    }

    /// <summary>The object's text up to its stream data (or all of it, for an object without a stream).</summary>
    public string Head(int number)
    {
        var span = pdf.AsSpan(offsets[number], ends[number] - offsets[number]);
        var stream = span.IndexOf(">> stream\n"u8);
        return Encoding.Latin1.GetString(stream < 0 ? span : span[..(stream + 2)]);
    }

    /// <summary>
    /// The unsigned integer <paramref name="text"/> starts with (a length or an object number after a dictionary
    /// key), and how many digits it took; false when it starts with no digit or the number does not fit an int.
    /// </summary>
    public static bool TryReadInteger(ReadOnlySpan<char> text, out int value, out int digits)
    {
        digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        value = 0;
        return digits > 0 && int.TryParse(text[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The object's stream dictionary text and its raw (still encoded) data, or null without a stream.</summary>
    public (string Dictionary, ReadOnlyMemory<byte> Data)? Stream(int number)
    {
        var head = Head(number);
        if (!head.EndsWith(">>", StringComparison.Ordinal))
        {
            return null;
        }

        var lengthAt = head.LastIndexOf("/Length ", StringComparison.Ordinal);
        if (lengthAt < 0)
        {
            return null;
        }

        if (!TryReadInteger(head.AsSpan(lengthAt + 8), out var length, out _))
        {
            return null;
        }

        var dataStart = offsets[number] + Encoding.Latin1.GetByteCount(head) + " stream\n".Length;
        if (dataStart + length > ends[number])
        {
            return null;
        }

        var dictionaryStart = head.IndexOf("<<", StringComparison.Ordinal);
        return (head[dictionaryStart..], pdf.AsMemory(dataStart, length));
    }

    /// <summary>The file with some objects replaced whole, and a new cross-reference table.</summary>
    /// <remarks>Sizes everything first and writes into one array of the final length.</remarks>
    public byte[] Rewrite(IReadOnlyDictionary<int, byte[]> replacements)
    {
        var first = int.MaxValue;
        for (var i = 1; i < offsets.Length; i++)
        {
            first = Math.Min(first, offsets[i]);
        }

        var order = Enumerable.Range(1, offsets.Length - 1).OrderBy(i => offsets[i]).ToArray();
        var newOffsets = new int[offsets.Length];
        var position = first;
        foreach (var number in order)
        {
            newOffsets[number] = position;
            position += replacements.TryGetValue(number, out var replacement) ? replacement.Length : ends[number] - offsets[number];
        }

        var xref = position;
        var table = new StringBuilder((offsets.Length * 20) + trailer.Length + 64);
        table.Append(CultureInfo.InvariantCulture, $"xref\n0 {offsets.Length}\n0000000000 65535 f \n");
        for (var i = 1; i < offsets.Length; i++)
        {
            table.Append(CultureInfo.InvariantCulture, $"{newOffsets[i]:D10} 00000 n \n");
        }

        table.Append(trailer).Append(CultureInfo.InvariantCulture, $"startxref\n{xref}\n%%EOF\n");
        var output = new byte[xref + Encoding.Latin1.GetByteCount(table.ToString())];
        pdf.AsSpan(0, first).CopyTo(output);
        foreach (var number in order)
        {
            var target = output.AsSpan(newOffsets[number]);
            if (replacements.TryGetValue(number, out var replacement))
            {
                replacement.CopyTo(target);
            }
            else
            {
                pdf.AsSpan(offsets[number], ends[number] - offsets[number]).CopyTo(target);
            }
        }

        Encoding.Latin1.GetBytes(table.ToString(), output.AsSpan(xref));
        return output;
    }
}
