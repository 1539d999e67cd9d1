using System.Text;

namespace LlmPulse.Import;

/// <summary>One CSV record with the 1-based line it starts on.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>An RFC 4180 reader: comma separated, fields optionally in double quotes, "" for a quote inside one.</summary>
public static class CsvReader
{
    public static IReadOnlyList<CsvRecord> Parse(string text, string fileName)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = 0;
        var atFieldStart = true;

        // A leading byte-order mark is not part of the first header name.
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            i = 1;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (atFieldStart && c == '"')
            {
                var quoteLine = line;
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new ImportException([new ImportError(fileName, quoteLine, fields.Count + 1, "a closing double quote for the field that opens here")]);
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    if (text[i] == '\n')
                    {
                        line++;
                    }

                    field.Append(text[i]);
                    i++;
                }

                if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
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
                    i++;
                    break;
                case '\r' or '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    AddRecord(records, fields, recordLine);
                    fields = [];
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    i++;
                    line++;
                    recordLine = line;
                    atFieldStart = true;
                    break;
                default:
                    field.Append(c);
                    atFieldStart = false;
                    i++;
                    break;
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            AddRecord(records, fields, recordLine);
        }

        return records;
    }

    private static void AddRecord(List<CsvRecord> records, List<string> fields, int line)
    {
        // Blank lines carry no record.
        if (fields.Count == 1 && fields[0].Length == 0)
        {
            return;
        }

        records.Add(new CsvRecord(line, fields.ToArray()));
    }

    /// <summary>Quotes a field when RFC 4180 requires it.</summary>
    public static string Escape(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
