using System.Globalization;
using LlmPulse.Metrics;

namespace LlmPulse.Import;

/// <summary>The validated content of a seed folder: <c>series.csv</c> and <c>observations.csv</c>.</summary>
public sealed record SeedData(IReadOnlyList<Series> Series, IReadOnlyList<Observation> Observations);

/// <summary>
/// Reads and validates the two seed files. Every row is checked before anything is returned, and all problems
/// are reported together, so a bad file writes nothing.
/// </summary>
public static class SeedFiles
{
    public const string SeriesFile = "series.csv";
    public const string ObservationsFile = "observations.csv";

    public static readonly IReadOnlyList<string> SeriesColumns = ["id", "category", "name", "unit", "frequency", "source"];
    /// <summary>
    /// Optional columns of series.csv: how a month is made from days, which way is good, and whether a percentage
    /// change means anything. An empty or missing field takes the unit's default (<see cref="SeriesConventions"/>).
    /// </summary>
    public static readonly IReadOnlyList<string> OptionalSeriesColumns = ["month_rule", "direction", "percent_change"];

    public static readonly IReadOnlyList<string> ObservationColumns = ["series", "period", "measure", "value", "approximate", "reported_by", "note"];

    /// <summary>
    /// The most rows <c>observations.csv</c> may hold. Files are read a row at a time, and every valid row is kept
    /// until all are checked (nothing is written unless all are good), so this bounds an import's memory (about
    /// 40 MB at the limit); a bigger file is refused where it passes the limit, before the rest is read.
    /// </summary>
    public const int MaxObservationRows = 100_000;

    /// <summary>The most rows <c>series.csv</c> may hold.</summary>
    public const int MaxSeriesRows = 10_000;

    private const int MaxReportedErrors = 50;

    /// <summary>
    /// Parses the two files. <paramref name="knownSeries"/> are series already stored, which observation rows
    /// may refer to besides those in <c>series.csv</c>.
    /// </summary>
    public static SeedData Parse(
        string seriesCsv,
        string observationsCsv,
        IReadOnlyCollection<Series> knownSeries,
        DateTimeOffset collectedAt)
    {
        using var series = new StringReader(seriesCsv);
        using var observations = new StringReader(observationsCsv);
        return Parse(series, observations, knownSeries, collectedAt, CancellationToken.None);
    }

    /// <summary>Parses the two files as they are read, one row at a time.</summary>
    public static SeedData Parse(
        TextReader seriesCsv,
        TextReader observationsCsv,
        IReadOnlyCollection<Series> knownSeries,
        DateTimeOffset collectedAt,
        CancellationToken cancellationToken)
    {
        var errors = new List<ImportError>();
        var series = ParseSeries(seriesCsv, errors, cancellationToken);
        var byId = knownSeries.ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var s in series)
        {
            byId[s.Id] = s;
        }

        var observations = ParseObservations(observationsCsv, byId, collectedAt, errors, cancellationToken);
        if (errors.Count > 0)
        {
            throw new ImportException(errors.Take(MaxReportedErrors).ToArray());
        }

        return new SeedData(series, observations);
    }

    public static async Task<SeedData> ReadFolderAsync(
        string folder,
        IReadOnlyCollection<Series> knownSeries,
        DateTimeOffset collectedAt,
        CancellationToken cancellationToken)
    {
        var seriesPath = Path.Combine(folder, SeriesFile);
        var observationsPath = Path.Combine(folder, ObservationsFile);
        var missing = new[] { seriesPath, observationsPath }
            .Where(p => !File.Exists(p))
            .Select(p => new ImportError(Path.GetFileName(p), 0, 0, $"the file to exist in {folder}"))
            .ToArray();
        if (missing.Length > 0)
        {
            throw new ImportException(missing);
        }

        // Streamed, not read whole: a file past the row limit is refused without being held in memory.
        using var seriesCsv = Open(seriesPath);
        using var observationsCsv = Open(observationsPath);
        return await Task.Run(() => Parse(seriesCsv, observationsCsv, knownSeries, collectedAt, cancellationToken), cancellationToken).ConfigureAwait(false);

        static StreamReader Open(string path) =>
            new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
    }

    private static List<Series> ParseSeries(TextReader csv, List<ImportError> errors, CancellationToken cancellationToken)
    {
        var result = new List<Series>();
        var table = ReadTable(csv, SeriesFile, SeriesColumns, MaxSeriesRows, errors, cancellationToken);
        if (table is null)
        {
            return result;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var ok = true;
            var id = row.Get("id");
            if (!IsValidSeriesId(id))
            {
                errors.Add(row.Error("id", "a series id of lower-case letters, digits, '.', '_' or '-' (up to 200 characters), such as traffic.chatgpt.visits.world"));
                ok = false;
            }
            else if (seen.TryGetValue(id, out var firstLine))
            {
                errors.Add(row.Error("id", $"a unique series id; '{id}' is already defined on line {firstLine}"));
                ok = false;
            }
            else
            {
                seen[id] = row.Line;
            }

            if (!MetricNames.TryParseCategory(row.Get("category"), out var category))
            {
                errors.Add(row.Error("category", $"one of {string.Join(", ", MetricNames.Categories)}; got '{row.Get("category")}'"));
                ok = false;
            }

            if (!MetricNames.TryParseFrequency(row.Get("frequency"), out var frequency))
            {
                errors.Add(row.Error("frequency", $"one of {string.Join(", ", MetricNames.Frequencies)}; got '{row.Get("frequency")}'"));
                ok = false;
            }

            foreach (var required in new[] { "name", "unit", "source" })
            {
                if (string.IsNullOrWhiteSpace(row.Get(required)))
                {
                    errors.Add(row.Error(required, $"a {required}, not an empty field"));
                    ok = false;
                }
            }

            MonthRule? rule = null;
            var ruleText = row.GetOptional("month_rule");
            if (ruleText.Length > 0)
            {
                if (MetricNames.TryParseMonthRule(ruleText, out var parsed))
                {
                    rule = parsed;
                }
                else
                {
                    errors.Add(row.Error("month_rule", $"how a month is made from days, one of {string.Join(", ", MetricNames.MonthRules)} (or empty for the unit's default); got '{ruleText}'"));
                    ok = false;
                }
            }

            Direction? direction = null;
            var directionText = row.GetOptional("direction");
            if (directionText.Length > 0)
            {
                if (MetricNames.TryParseDirection(directionText, out var parsed))
                {
                    direction = parsed;
                }
                else
                {
                    errors.Add(row.Error("direction", $"one of {string.Join(", ", MetricNames.Directions)} (or empty for the unit's default); got '{directionText}'"));
                    ok = false;
                }
            }

            bool? percentChange = null;
            var percentText = row.GetOptional("percent_change");
            if (percentText.Length > 0)
            {
                if (bool.TryParse(percentText, out var parsed))
                {
                    percentChange = parsed;
                }
                else
                {
                    errors.Add(row.Error("percent_change", $"true or false (or empty for the unit's default); got '{percentText}'"));
                    ok = false;
                }
            }

            if (ok)
            {
                result.Add(new Series(id, category, row.Get("name").Trim(), row.Get("unit").Trim(), frequency, row.Get("source").Trim())
                    .With(rule, direction, percentChange));
            }
        }

        return result;
    }

    private static List<Observation> ParseObservations(
        TextReader csv,
        IReadOnlyDictionary<string, Series> series,
        DateTimeOffset collectedAt,
        List<ImportError> errors,
        CancellationToken cancellationToken)
    {
        var result = new List<Observation>();
        var table = ReadTable(csv, ObservationsFile, ObservationColumns, MaxObservationRows, errors, cancellationToken);
        if (table is null)
        {
            return result;
        }

        var seen = new Dictionary<ObservationKey, int>();
        foreach (var row in table.Rows)
        {
            var ok = true;
            var seriesId = row.Get("series");
            if (!series.TryGetValue(seriesId, out var definition))
            {
                errors.Add(row.Error("series", $"a series defined in {SeriesFile} or already stored; '{seriesId}' is unknown"));
                ok = false;
            }

            var periodText = row.Get("period");
            if (!Period.TryParse(periodText, out var period))
            {
                errors.Add(row.Error("period", $"a period (YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY); got '{periodText}'"));
                ok = false;
            }
            else if (definition is not null && !period.Fits(definition.Frequency))
            {
                errors.Add(row.Error("period", $"{Period.ExpectedForm(definition.Frequency)} for {definition.Frequency.ToText()} series {definition.Id}; got '{periodText}'"));
                ok = false;
            }

            if (!MetricNames.TryParseMeasure(row.Get("measure"), out var measure))
            {
                errors.Add(row.Error("measure", $"one of {string.Join(", ", MetricNames.Measures)}; got '{row.Get("measure")}'"));
                ok = false;
            }

            var valueText = row.Get("value");
            if (!TryParseValue(valueText, out var value))
            {
                errors.Add(row.Error("value", $"a number in invariant culture such as 1500000000 or -9.7; got '{valueText}'"));
                ok = false;
            }

            var approximateText = row.Get("approximate");
            bool approximate = false;
            if (approximateText.Length > 0 && !bool.TryParse(approximateText, out approximate))
            {
                errors.Add(row.Error("approximate", $"true or false; got '{approximateText}'"));
                ok = false;
            }

            var reportedBy = row.Get("reported_by").Trim();
            if (reportedBy.Length == 0)
            {
                errors.Add(row.Error("reported_by", "who reported the figure, not an empty field"));
                ok = false;
            }

            if (!ok)
            {
                continue;
            }

            var observation = new Observation(seriesId, period, measure, value, approximate, reportedBy, row.Get("note").Trim(), collectedAt);
            if (seen.TryGetValue(observation.Key, out var firstLine))
            {
                errors.Add(row.Error("period", $"one row per series, period and measure; {seriesId} {period} {measure.ToText()} is already on line {firstLine}"));
                continue;
            }

            seen[observation.Key] = row.Line;
            result.Add(observation);
        }

        return result;
    }

    internal static bool TryParseValue(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    /// <summary>Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit: safe as a table key and in a URL.</summary>
    public static bool IsValidSeriesId(string id) =>
        id.Length is > 0 and <= 200
        && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-')
        && char.IsAsciiLetterOrDigit(id[0]);

    private static CsvTable? ReadTable(TextReader csv, string file, IReadOnlyList<string> columns, int maxRows, List<ImportError> errors, CancellationToken cancellationToken)
    {
        var records = CsvReader.Read(csv, file, maxRows + 1).GetEnumerator();
        if (!TryNext(records, errors, out var header))
        {
            if (errors.Count == 0)
            {
                errors.Add(new ImportError(file, 1, 1, $"a header line: {string.Join(',', columns)}"));
            }

            records.Dispose();
            return null;
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Fields.Count; i++)
        {
            index.TryAdd(header.Fields[i].Trim(), i);
        }

        var missing = columns.Where(c => !index.ContainsKey(c)).ToArray();
        if (missing.Length > 0)
        {
            foreach (var column in missing)
            {
                errors.Add(new ImportError(file, header.Line, header.Fields.Count + 1, $"a column named '{column}' in the header ({string.Join(',', columns)})", column));
            }

            records.Dispose();
            return null;
        }

        return new CsvTable(Rows(records, file, header, index, errors, cancellationToken));
    }

    /// <summary>
    /// The rows after the header as they are read. A CSV error ends them (it is among the errors); so does reaching
    /// the number of errors reported, since nothing after them would be shown.
    /// </summary>
    private static IEnumerable<CsvRow> Rows(IEnumerator<CsvRecord> records, string file, CsvRecord header, Dictionary<string, int> index, List<ImportError> errors, CancellationToken cancellationToken)
    {
        using (records)
        {
            while (errors.Count < MaxReportedErrors && TryNext(records, errors, out var record))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (record.Fields.Count != header.Fields.Count)
                {
                    errors.Add(new ImportError(file, record.Line, Math.Min(record.Fields.Count, header.Fields.Count) + 1, $"{header.Fields.Count} fields like the header; got {record.Fields.Count}"));
                    continue;
                }

                yield return new CsvRow(file, record, index);
            }
        }
    }

    private static bool TryNext(IEnumerator<CsvRecord> records, List<ImportError> errors, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CsvRecord? record)
    {
        record = null;
        try
        {
            if (!records.MoveNext())
            {
                return false;
            }
        }
        catch (ImportException e)
        {
            errors.AddRange(e.Errors);
            return false;
        }

        record = records.Current;
        return true;
    }

    private sealed record CsvTable(IEnumerable<CsvRow> Rows);

    private sealed record CsvRow(string File, CsvRecord Record, IReadOnlyDictionary<string, int> Index)
    {
        public int Line => Record.Line;

        public string Get(string column) => Record.Fields[Index[column]];

        /// <summary>A column the file may leave out: empty when it does.</summary>
        public string GetOptional(string column) => Index.TryGetValue(column, out var i) ? Record.Fields[i].Trim() : "";

        public ImportError Error(string column, string expected) => new(File, Line, Index[column] + 1, expected, column);
    }
}
