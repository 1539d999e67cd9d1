using System.Globalization;
using LlmPulse.Metrics;

namespace LlmPulse.Collectors.Adapters;

/// <summary>
/// The daily rank of a domain in the Tranco list, keyless: <c>/api/ranks/domain/{domain}</c> answers
/// <c>{"domain":"chatgpt.com","ranks":[{"date":"2024-05-01","rank":23}, ...]}</c> for the last weeks; the
/// collector keeps the days in its window. The API allows about one query a second (RequestInterval).
/// </summary>
public sealed class TrancoAdapter : ISourceAdapter
{
    public string Name => "tranco";

    public bool RequiresApiKey => false;

    public IReadOnlyList<string> RequiredSeriesParameters { get; } = ["Domain"];

    public async Task<IReadOnlyList<Observation>> FetchAsync(SourceFetch fetch, SeriesWindow window, CancellationToken cancellationToken)
    {
        var domain = fetch.Source.RequiredParameter(window.Series, "Domain");
        var response = await fetch.GetAsync("api/ranks/domain/" + Uri.EscapeDataString(domain), cancellationToken).ConfigureAwait(false);
        using var json = response.Json();

        var note = $"Rank of {domain} in the daily Tranco list";
        var ranks = JsonFields.Array(JsonFields.RequireObject(json.RootElement, "the response"), "ranks", "the response");
        var result = new List<Observation>(ranks.GetArrayLength());
        var index = 0;
        foreach (var item in ranks.EnumerateArray())
        {
            var path = $"ranks[{index++}]";
            var day = JsonFields.Date(item, "date", path, "yyyy-MM-dd");
            var rank = JsonFields.Number(item, "rank", path);
            if (rank < 1 || rank != decimal.Truncate(rank))
            {
                throw new SourcePayloadException($"{path}.rank is {rank.ToString(CultureInfo.InvariantCulture)}; expected a whole rank of 1 or more");
            }

            result.Add(fetch.Observation(window.Series, Period.Day(day), rank, note));
        }

        return result;
    }
}
