using System.Globalization;
using System.Text;

namespace LlmPulse.Import;

/// <summary>One CSV record with the 1-based line it starts on.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// An RFC 4180 reader: comma separated, fields optionally in double quotes, "" for a quote inside one, CRLF or LF
/// line ends, a leading byte-order mark ignored. It streams: one record at a time from a <see cref="TextReader"/>,
/// so what a caller keeps is all it holds; a field longer than <see cref="MaxFieldLength"/> characters (an
/// unclosed quote running through a big file, say) and records past a caller's maximum are refused as they arrive.
/// </summary>
public static class CsvReader
{
    /// <summary>The longest field read: far beyond any name or note, small enough that one field cannot fill memory.</summary>
    public const int MaxFieldLength = 64 * 1024;

    /// <summary>Every record of <paramref name="text"/> (at most <paramref name="maxRecords"/>, the header included).</summary>
    public static IReadOnlyList<CsvRecord> Parse(string text, string fileName, int maxRecords = int.MaxValue)
    {
        using var reader = new StringReader(text);
        return Read(reader, fileName, maxRecords).ToList();
    }

    /// <summary>
    /// The records of <paramref name="reader"/>, one at a time. Throws <see cref="ImportException"/> naming the file
    /// and line on malformed CSV, and when a record beyond <paramref name="maxRecords"/> (the header included) starts.
    /// </summary>
    public static IEnumerable<CsvRecord> Read(TextReader reader, string fileName, int maxRecords = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var count = 0;
        var atFieldStart = true;

        // A leading byte-order mark is not part of the first header name.
        if (reader.Peek() == '\uFEFF')
        {
            reader.Read();
        }

        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (atFieldStart && c == '"')
            {
                var quoteLine = line;
                while (true)
                {
                    var q = reader.Read();
                    if (q < 0)
                    {
                        throw new ImportException([new ImportError(fileName, quoteLine, fields.Count + 1, "a closing double quote for the field that opens here")]);
                    }

                    if (q == '"')
                    {
                        if (reader.Peek() == '"')
                        {
                            reader.Read();
                            Append(field, '"', fileName, quoteLine, fields.Count);
                            continue;
                        }

                        break;
                    }

                    if (q == '\n')
                    {
                        line++;
                    }

                    Append(field, (char)q, fileName, quoteLine, fields.Count);
                }

                var next = reader.Peek();
                if (next >= 0 && next is not (',' or '\r' or '\n'))
                {
                    throw new ImportException([new ImportError(fileName, line, fields.Count + 1, "a comma or the end of the line after a closing double quote")]);
                }

                atFieldStart = false;
                continue;
            }

            switch (c)
            {
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    atFieldStart = true;
                    break;
                case '\r' or '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    if (Record(fields, recordLine) is { } record)
                    {
                        Count(ref count, maxRecords, fileName, recordLine);
                        yield return record;
                    }

                    fields = [];
                    if (c == '\r' && reader.Peek() == '\n')
                    {
                        reader.Read();
                    }

                    line++;
                    recordLine = line;
                    atFieldStart = true;
                    break;
                default:
                    Append(field, (char)c, fileName, recordLine, fields.Count);
                    atFieldStart = false;
                    break;
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            if (Record(fields, recordLine) is { } last)
            {
                Count(ref count, maxRecords, fileName, recordLine);
                yield return last;
            }
        }
    }

    private static void Append(StringBuilder field, char c, string fileName, int line, int index)
    {
        if (field.Length >= MaxFieldLength)
        {
            throw new ImportException([new ImportError(fileName, line, index + 1, string.Create(CultureInfo.InvariantCulture, $"a field of at most {MaxFieldLength:N0} characters (is a closing double quote missing?)"))]);
        }

        field.Append(c);
    }

    private static void Count(ref int count, int maxRecords, string fileName, int line)
    {
        if (++count > maxRecords)
        {
            throw new ImportException([new ImportError(fileName, line, 1, string.Create(CultureInfo.InvariantCulture, $"at most {maxRecords - 1:N0} rows after the header; there are more, and nothing past this line was read (split the file)"))]);
        }
    }

    private static CsvRecord? Record(List<string> fields, int line) =>

        // Blank lines carry no record.
        fields.Count == 1 && fields[0].Length == 0 ? null : new CsvRecord(line, fields.ToArray());

    /// <summary>Quotes a field when RFC 4180 requires it.</summary>
    public static string Escape(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
