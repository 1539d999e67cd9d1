using System.Globalization;
using LlmPulse.Metrics;

namespace LlmPulse.Collectors.Adapters;

/// <summary>
/// Views of one Wikipedia article, monthly or daily, from the keyless Wikimedia pageviews REST API:
/// <c>/metrics/pageviews/per-article/{project}/{access}/{agent}/{article}/{granularity}/{start}/{end}</c>, answering
/// <c>{"items":[{"timestamp":"2023070100","views":123}, ...]}</c>. Wikimedia asks clients for a descriptive
/// User-Agent, which the collectors' HTTP client sends.
/// </summary>
public sealed class WikimediaPageviewsAdapter : ISourceAdapter
{
    public string Name => "wikimedia-pageviews";

    public bool RequiresApiKey => false;

    public IReadOnlyList<string> RequiredSeriesParameters { get; } = ["Article"];

    public async Task<IReadOnlyList<Observation>> FetchAsync(SourceFetch fetch, SeriesWindow window, CancellationToken cancellationToken)
    {
        var source = fetch.Source;
        var series = window.Series;
        var project = source.Parameter(series, "Project", "en.wikipedia.org")!;
        var access = source.Parameter(series, "Access", "all-access")!;
        var agent = source.Parameter(series, "Agent", "user")!;
        var article = source.RequiredParameter(series, "Article").Replace(' ', '_');
        var monthly = series.Definition.Frequency switch
        {
            Frequency.Monthly => true,
            Frequency.Daily => false,
            _ => throw new SourcePayloadException($"the {Name} adapter writes monthly or daily series; {series.Id} is {series.Definition.Frequency.ToText()}"),
        };

        DateOnly start, end;
        if (monthly)
        {
            // The API answers only whole months, and an error when the range holds none.
            if (Periods.CompleteMonths(window.From, window.To) is not { } months)
            {
                return [];
            }

            (start, end) = months;
        }
        else
        {
            (start, end) = (window.From, window.To);
        }

        var granularity = monthly ? "monthly" : "daily";
        var path = string.Join('/', "metrics/pageviews/per-article", Uri.EscapeDataString(project), Uri.EscapeDataString(access), Uri.EscapeDataString(agent), Uri.EscapeDataString(article), granularity, Stamp(start), Stamp(end));
        var response = await fetch.GetAsync(path, cancellationToken).ConfigureAwait(false);
        using var json = response.Json();

        var note = $"Views of {project}/wiki/{article} ({access}, {agent}), {granularity}, Wikimedia pageviews API";
        var items = JsonFields.Array(JsonFields.RequireObject(json.RootElement, "the response"), "items", "the response");
        var result = new List<Observation>(items.GetArrayLength());
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var path0 = $"items[{index++}]";
            var timestamp = JsonFields.String(item, "timestamp", path0);
            if (timestamp.Length != 10 || !DateOnly.TryParseExact(timestamp[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) || !timestamp.EndsWith("00", StringComparison.Ordinal))
            {
                throw new SourcePayloadException($"{path0}.timestamp is '{JsonFields.Cut(timestamp)}'; expected YYYYMMDD00, such as 2023070100");
            }

            if (monthly && day.Day != 1)
            {
                throw new SourcePayloadException($"{path0}.timestamp is '{timestamp}'; a monthly item starts on the 1st");
            }

            var views = JsonFields.Number(item, "views", path0);
            if (views < 0 || views != decimal.Truncate(views))
            {
                throw new SourcePayloadException($"{path0}.views is {views.ToString(CultureInfo.InvariantCulture)}; expected a whole number of views");
            }

            var period = monthly ? Period.Month(day.Year, day.Month) : Period.Day(day);
            result.Add(fetch.Observation(series, period, views, note));
        }

        return result;
    }

    private static string Stamp(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "00";
}
