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
    public static SkiaPdf? TryRead(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var startxref = text.LastIndexOf("startxref\n", StringComparison.Ordinal);
        if (startxref < 0)
        {
            return null;
        }

        var numberEnd = text.IndexOf('\n', startxref + 10);
        if (numberEnd < 0 || !int.TryParse(text.AsSpan(startxref + 10, numberEnd - startxref - 10), NumberStyles.None, CultureInfo.InvariantCulture, out var xref)
            || xref <= 0 || xref >= text.Length || !text.AsSpan(xref).StartsWith("xref\n0 ", StringComparison.Ordinal))
        {
            return null;
        }

        var countEnd = text.IndexOf('\n', xref + 7);
        if (countEnd < 0 || !int.TryParse(text.AsSpan(xref + 7, countEnd - xref - 7), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 2)
        {
            return null;
        }

        // Entries are exactly 20 bytes: "0000012345 00000 n \n".
        var offsets = new int[count];
        var entries = countEnd + 1;
        for (var i = 1; i < count; i++)
        {
            var entry = text.AsSpan(entries + (i * 20), 20);
            if (entry[17] != 'n' || !int.TryParse(entry[..10], NumberStyles.None, CultureInfo.InvariantCulture, out offsets[i]) || offsets[i] >= xref)
            {
                return null;
            }

            var expected = string.Create(CultureInfo.InvariantCulture, $"{i} 0 obj\n");
            if (!text.AsSpan(offsets[i]).StartsWith(expected, StringComparison.Ordinal))
            {
                return null;
            }
        }

        var trailerStart = entries + (count * 20);
        if (!text.AsSpan(trailerStart).StartsWith("trailer\n", StringComparison.Ordinal))
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

        return new SkiaPdf(pdf, offsets, ends, text[trailerStart..startxref]);
    }

    /// <summary>The object's text up to its stream data (or all of it, for an object without a stream).</summary>
    public string Head(int number)
    {
        var span = pdf.AsSpan(offsets[number], ends[number] - offsets[number]);
        var stream = span.IndexOf(">> stream\n"u8);
        return Encoding.Latin1.GetString(stream < 0 ? span : span[..(stream + 2)]);
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

        var digits = head.AsSpan(lengthAt + 8);
        var n = 0;
        while (n < digits.Length && char.IsAsciiDigit(digits[n]))
        {
            n++;
        }

        if (n == 0 || !int.TryParse(digits[..n], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
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
    public byte[] Rewrite(IReadOnlyDictionary<int, byte[]> replacements)
    {
        using var output = new MemoryStream(pdf.Length);
        var first = offsets.Skip(1).Min();
        output.Write(pdf, 0, first);
        var newOffsets = new int[offsets.Length];
        foreach (var number in Enumerable.Range(1, offsets.Length - 1).OrderBy(i => offsets[i]))
        {
            newOffsets[number] = (int)output.Position;
            if (replacements.TryGetValue(number, out var replacement))
            {
                output.Write(replacement);
            }
            else
            {
                output.Write(pdf, offsets[number], ends[number] - offsets[number]);
            }
        }

        var xref = (int)output.Position;
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"xref\n0 {offsets.Length}\n0000000000 65535 f \n");
        for (var i = 1; i < offsets.Length; i++)
        {
            table.Append(CultureInfo.InvariantCulture, $"{newOffsets[i]:D10} 00000 n \n");
        }

        table.Append(trailer).Append(CultureInfo.InvariantCulture, $"startxref\n{xref}\n%%EOF\n");
        output.Write(Encoding.Latin1.GetBytes(table.ToString()));
        return output.ToArray();
    }
}
