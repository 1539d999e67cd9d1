using System.Globalization;
using LlmPulse.Metrics;

namespace LlmPulse.Collectors.Adapters;

/// <summary>
/// Total monthly visits of a domain from SimilarWeb (paid; skipped until a key is configured):
/// <c>/v1/website/{domain}/total-traffic-and-engagement/visits?start_date=YYYY-MM&amp;end_date=YYYY-MM&amp;granularity=monthly&amp;country=…</c>
/// answering <c>{"meta":{…},"visits":[{"date":"2023-07-01","visits":1500000000}, ...]}</c>. The key travels in
/// the <c>api-key</c> header, which the API accepts in place of the <c>api_key</c> query parameter, so it is in
/// no URL, and no redirect to another host is followed with it.
/// </summary>
public sealed class SimilarWebAdapter : ISourceAdapter
{
    /// <summary>The request header SimilarWeb reads the key from.</summary>
    public const string ApiKeyHeader = "api-key";

    public string Name => "similarweb";

    public bool RequiresApiKey => true;

    public IReadOnlyList<string> RequiredSeriesParameters { get; } = ["Domain"];

    public async Task<IReadOnlyList<Observation>> FetchAsync(SourceFetch fetch, SeriesWindow window, CancellationToken cancellationToken)
    {
        var source = fetch.Source;
        var series = window.Series;
        if (series.Definition.Frequency != Frequency.Monthly)
        {
            throw new SourcePayloadException($"the {Name} adapter writes monthly series; {series.Id} is {series.Definition.Frequency.ToText()}");
        }

        if (Periods.CompleteMonths(window.From, window.To) is not { } months)
        {
            return [];
        }

        var key = source.ApiKey ?? throw new SourceRequestException("no API key is configured", transient: false);
        var domain = source.RequiredParameter(series, "Domain");
        var country = source.Parameter(series, "Country", "world")!;
        var mainDomainOnly = source.Parameter(series, "MainDomainOnly", "false")!;
        var query = string.Join('&',
            "start_date=" + months.FirstMonthStart.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            "end_date=" + months.LastMonthEnd.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            "country=" + Uri.EscapeDataString(country),
            "granularity=monthly",
            "main_domain_only=" + Uri.EscapeDataString(mainDomainOnly),
            "format=json");
        var response = await fetch.GetAsync(
            $"v1/website/{Uri.EscapeDataString(domain)}/total-traffic-and-engagement/visits?{query}",
            new Dictionary<string, string> { [ApiKeyHeader] = key },
            cancellationToken).ConfigureAwait(false);
        using var json = response.Json();
        var root = JsonFields.RequireObject(json.RootElement, "the response");

        // An error can come with 200: {"meta":{"status":"Error","error_message":"..."}}.
        if (root.TryGetProperty("meta", out var meta) && meta.ValueKind == System.Text.Json.JsonValueKind.Object
            && meta.TryGetProperty("status", out var status) && status.ValueKind == System.Text.Json.JsonValueKind.String
            && !string.Equals(status.GetString(), "Success", StringComparison.OrdinalIgnoreCase))
        {
            var message = meta.TryGetProperty("error_message", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.String ? m.GetString() : null;
            throw new SourcePayloadException($"SimilarWeb answered with status '{JsonFields.Cut(status.GetString() ?? "")}': {JsonFields.Cut(message ?? "no message")}");
        }

        var note = $"Total visits to {domain} ({country}), monthly, SimilarWeb total-traffic-and-engagement API";
        var visits = JsonFields.Array(root, "visits", "the response");
        var result = new List<Observation>(visits.GetArrayLength());
        var index = 0;
        foreach (var item in visits.EnumerateArray())
        {
            var path = $"visits[{index++}]";
            var day = JsonFields.Date(item, "date", path, "yyyy-MM-dd");
            if (day.Day != 1)
            {
                throw new SourcePayloadException($"{path}.date is {day:yyyy-MM-dd}; a monthly figure is dated on the 1st");
            }

            var value = JsonFields.Number(item, "visits", path);
            if (value < 0)
            {
                throw new SourcePayloadException($"{path}.visits is negative");
            }

            result.Add(fetch.Observation(series, Period.Month(day.Year, day.Month), value, note));
        }

        return result;
    }
}
