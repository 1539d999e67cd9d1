using System.Globalization;
using System.Text.Json;
using LlmPulse.Metrics;

namespace LlmPulse.Collectors.Adapters;

/// <summary>
/// Daily closes of a ticker from the Yahoo Finance chart API, <c>/v8/finance/chart/{symbol}?period1=…&amp;period2=…&amp;interval=1d</c>,
/// answering <c>{"chart":{"result":[{"meta":{…},"timestamp":[…],"indicators":{"quote":[{"close":[…]}]}}],"error":null}}</c>.
/// Each bar is dated in the exchange's time zone (<c>meta.gmtoffset</c>) and rounded to <c>meta.priceHint</c>
/// decimals, since the closes come as binary floating point.
/// </summary>
public sealed class YahooChartAdapter : ISourceAdapter
{
    public string Name => "yahoo-chart";

    public bool RequiresApiKey => false;

    public IReadOnlyList<string> RequiredSeriesParameters { get; } = ["Symbol"];

    public async Task<IReadOnlyList<Observation>> FetchAsync(SourceFetch fetch, SeriesWindow window, CancellationToken cancellationToken)
    {
        var series = window.Series;
        var symbol = fetch.Source.RequiredParameter(series, "Symbol");
        var period1 = new DateTimeOffset(window.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
        var period2 = new DateTimeOffset(window.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
        var response = await fetch.GetAsync(
            $"v8/finance/chart/{Uri.EscapeDataString(symbol)}?period1={period1}&period2={period2}&interval=1d&includePrePost=false&events=history",
            cancellationToken).ConfigureAwait(false);
        using var json = response.Json();

        var chart = JsonFields.Object(JsonFields.RequireObject(json.RootElement, "the response"), "chart", "the response");
        if (!JsonFields.IsNull(chart, "error"))
        {
            var error = JsonFields.RequireObject(chart.GetProperty("error"), "chart.error");
            var code = error.TryGetProperty("code", out var c) ? c.ToString() : "error";
            var description = error.TryGetProperty("description", out var d) ? d.ToString() : "";
            throw new SourcePayloadException($"Yahoo answered with an error: {JsonFields.Cut(code)}: {JsonFields.Cut(description)}");
        }

        var results = JsonFields.Array(chart, "result", "chart");
        if (results.GetArrayLength() == 0)
        {
            throw new SourcePayloadException("chart.result is empty; expected the chart of " + symbol);
        }

        var result0 = JsonFields.RequireObject(results[0], "chart.result[0]");
        var meta = JsonFields.Object(result0, "meta", "chart.result[0]");
        var offsetSeconds = JsonFields.Number(meta, "gmtoffset", "chart.result[0].meta");
        if (offsetSeconds is < -14 * 3600 or > 14 * 3600 || offsetSeconds % 60 != 0)
        {
            throw new SourcePayloadException($"chart.result[0].meta.gmtoffset is {offsetSeconds.ToString(CultureInfo.InvariantCulture)}; expected an offset from UTC in whole minutes, in seconds");
        }

        var offset = TimeSpan.FromSeconds((double)offsetSeconds);
        var decimals = JsonFields.IsNull(meta, "priceHint") ? 2 : (int)Math.Clamp(JsonFields.Number(meta, "priceHint", "chart.result[0].meta"), 0, 8);
        if (!JsonFields.IsNull(meta, "currency") && LooksLikeCurrency(series.Definition.Unit))
        {
            var currency = JsonFields.String(meta, "currency", "chart.result[0].meta");
            if (!string.Equals(currency, series.Definition.Unit, StringComparison.OrdinalIgnoreCase))
            {
                throw new SourcePayloadException($"{symbol} is quoted in {JsonFields.Cut(currency)}, but series {series.Id} is in {series.Definition.Unit}");
            }
        }

        var indicators = JsonFields.Object(result0, "indicators", "chart.result[0]");
        var quotes = JsonFields.Array(indicators, "quote", "chart.result[0].indicators");

        // A range without trading days comes without timestamps and with an empty quote.
        if (!result0.TryGetProperty("timestamp", out _))
        {
            return quotes.GetArrayLength() == 0 || JsonFields.IsNull(quotes[0], "close")
                ? []
                : throw new SourcePayloadException("chart.result[0].timestamp is missing, but there are closes");
        }

        var timestamps = JsonFields.Array(result0, "timestamp", "chart.result[0]");
        if (quotes.GetArrayLength() == 0)
        {
            throw new SourcePayloadException("chart.result[0].indicators.quote is empty; expected the closes");
        }

        var closes = JsonFields.Array(quotes[0], "close", "chart.result[0].indicators.quote[0]");
        if (closes.GetArrayLength() != timestamps.GetArrayLength())
        {
            throw new SourcePayloadException($"chart.result[0] has {timestamps.GetArrayLength()} timestamps but {closes.GetArrayLength()} closes");
        }

        var note = $"Daily close of {symbol}, Yahoo Finance chart API";
        // Keyed by day: Yahoo sometimes lists the current day twice, and then its later bar is the one to keep.
        var byDay = new SortedDictionary<DateOnly, Observation>();
        for (var i = 0; i < timestamps.GetArrayLength(); i++)
        {
            var stamp = JsonFields.UnixSeconds(timestamps[i], $"chart.result[0].timestamp[{i}]");
            var close = closes[i];

            // Yahoo leaves a close null for a bar without trades (a halt, a holiday it still lists).
            if (close.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var value = JsonFields.Number(close, $"chart.result[0].indicators.quote[0].close[{i}]");
            if (value <= 0)
            {
                throw new SourcePayloadException($"chart.result[0].indicators.quote[0].close[{i}] is {value.ToString(CultureInfo.InvariantCulture)}; expected a price above 0");
            }

            var day = DateOnly.FromDateTime(stamp.ToOffset(offset).DateTime);
            byDay[day] = fetch.Observation(series, Period.Day(day), Math.Round(value, decimals, MidpointRounding.AwayFromZero), note);
        }

        return byDay.Values.ToArray();
    }

    private static bool LooksLikeCurrency(string unit) => unit.Length == 3 && unit.All(char.IsAsciiLetterUpper);
}
