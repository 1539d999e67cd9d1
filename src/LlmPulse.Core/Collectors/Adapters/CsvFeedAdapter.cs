using System.Globalization;
using LlmPulse.Import;
using LlmPulse.Metrics;

namespace LlmPulse.Collectors.Adapters;

/// <summary>
/// Any CSV over HTTP (RFC 4180, comma separated, a header line), mapped by configuration: how a user brings data
/// LlmPulse has no adapter for, such as licensed quarterly investment totals. Parameters:
/// <list type="bullet">
/// <item><c>Path</c>: path and query under BaseUrl;</item>
/// <item><c>DateColumn</c> and <c>DateFormat</c>: a .NET date format (<c>yyyy-MM-dd</c> by default, <c>yyyy</c>
/// for years) or <c>period</c> for LlmPulse's own periods (<c>2023-Q2</c>); the date falls in a period of the
/// series' frequency;</item>
/// <item><c>ValueColumn</c>; <c>Multiplier</c> (1 by default, 1000000000 for figures in billions);</item>
/// <item><c>FilterColumn</c> and <c>FilterValue</c>: keep only the rows whose column has that value.</item>
/// </list>
/// The series' <c>Measure</c> says whether the values are levels or changes. Empty value cells are gaps, not
/// errors; anything else that does not parse rejects the whole file.
/// </summary>
public sealed class CsvFeedAdapter : ISourceAdapter
{
    public const string PeriodFormat = "period";

    /// <summary>
    /// The most rows a feed may have. The body is already bounded (<see cref="SourceFetch.MaxBodyBytes"/>), but
    /// a run keeps the parsed rows for every series reading the file, so the rows are bounded too: a file past this
    /// is refused whole at the row that passes it.
    /// </summary>
    public const int MaxRows = 200_000;

    public string Name => "csv-feed";

    public bool RequiresApiKey => false;

    public IReadOnlyList<string> RequiredSeriesParameters { get; } = ["Path", "DateColumn", "ValueColumn"];

    public async Task<IReadOnlyList<Observation>> FetchAsync(SourceFetch fetch, SeriesWindow window, CancellationToken cancellationToken)
    {
        var source = fetch.Source;
        var series = window.Series;
        var path = source.RequiredParameter(series, "Path");
        var dateColumn = source.RequiredParameter(series, "DateColumn");
        var valueColumn = source.RequiredParameter(series, "ValueColumn");
        var dateFormat = source.Parameter(series, "DateFormat", "yyyy-MM-dd")!;
        var filterColumn = source.Parameter(series, "FilterColumn");
        var filterValue = source.Parameter(series, "FilterValue") ?? "";
        var multiplierText = source.Parameter(series, "Multiplier", "1")!;
        if (!decimal.TryParse(multiplierText, NumberStyles.Float, CultureInfo.InvariantCulture, out var multiplier) || multiplier == 0)
        {
            throw new SourcePayloadException($"parameter Multiplier is '{multiplierText}'; expected a number other than 0");
        }

        // Several series may read columns of the same file: fetch it once per run.
        var cacheKey = "csv-feed:" + path;
        if (!fetch.RunState.TryGetValue(cacheKey, out var cached))
        {
            var response = await fetch.GetAsync(path, cancellationToken).ConfigureAwait(false);
            cached = Parse(response.Text("CSV"));
            fetch.RunState[cacheKey] = cached;
        }

        var records = (IReadOnlyList<CsvRecord>)cached;
        var header = records[0].Fields.Select(f => f.Trim()).ToArray();
        var dateIndex = Column(header, dateColumn);
        var valueIndex = Column(header, valueColumn);
        var filterIndex = filterColumn is null ? -1 : Column(header, filterColumn);

        // The note names the column and host, not the path: a licensed feed's path may hold a token.
        var note = $"'{valueColumn}' of the CSV feed at {source.BaseUrl?.Host}";
        var byPeriod = new Dictionary<Period, int>();
        var result = new List<Observation>();
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.Count != header.Length)
            {
                throw new SourcePayloadException($"line {record.Line} has {record.Fields.Count} fields; the header has {header.Length}");
            }

            if (filterIndex >= 0 && !string.Equals(record.Fields[filterIndex].Trim(), filterValue, StringComparison.Ordinal))
            {
                continue;
            }

            var valueText = record.Fields[valueIndex].Trim();
            if (valueText.Length == 0)
            {
                continue;
            }

            var period = ParsePeriod(record.Fields[dateIndex].Trim(), dateFormat, series.Definition.Frequency, record.Line, dateColumn);
            if (!decimal.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new SourcePayloadException($"line {record.Line}, column {valueColumn}: '{JsonFields.Cut(valueText)}' is not a number");
            }

            if (byPeriod.TryGetValue(period, out var firstLine))
            {
                throw new SourcePayloadException($"line {record.Line}: a second value for {period} (the first is on line {firstLine}); set FilterColumn/FilterValue to pick one row per period");
            }

            byPeriod[period] = record.Line;
            result.Add(fetch.Observation(series, period, value * multiplier, note));
        }

        return result;
    }

    private static IReadOnlyList<CsvRecord> Parse(string text)
    {
        IReadOnlyList<CsvRecord> records;
        try
        {
            records = CsvReader.Parse(text, "the CSV", MaxRows + 1);
        }
        catch (ImportException e)
        {
            throw new SourcePayloadException("the response is not valid CSV: " + string.Join("; ", e.Errors.Select(error => error.ToString())));
        }

        if (records.Count == 0)
        {
            throw new SourcePayloadException("the CSV has no header line");
        }

        return records;
    }

    private static int Column(string[] header, string name)
    {
        var index = Array.FindIndex(header, h => string.Equals(h, name, StringComparison.Ordinal));
        return index >= 0
            ? index
            : throw new SourcePayloadException($"the CSV has no column '{name}'; its header is {JsonFields.Cut(string.Join(",", header))}");
    }

    private static Period ParsePeriod(string text, string format, Frequency frequency, int line, string column)
    {
        if (string.Equals(format, PeriodFormat, StringComparison.OrdinalIgnoreCase))
        {
            if (!Period.TryParse(text, out var period))
            {
                throw new SourcePayloadException($"line {line}, column {column}: '{JsonFields.Cut(text)}' is not a period (YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY)");
            }

            return frequency == Frequency.Irregular || period.Fits(frequency)
                ? period
                : throw new SourcePayloadException($"line {line}, column {column}: '{text}' is not {Period.ExpectedForm(frequency)}");
        }

        // A bare year is a date too ("yyyy" parses to 1 January), so annual figures need no day.
        if (!DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            throw new SourcePayloadException($"line {line}, column {column}: '{JsonFields.Cut(text)}' is not a date as {format}");
        }

        return Periods.Containing(day, frequency);
    }
}
