using System.Globalization;
using System.Text.Json;
using LlmPulse.Metrics;

namespace LlmPulse.Collectors.Adapters;

/// <summary>
/// A Chinese concept-sector board from Eastmoney's push2 APIs. The board's code is looked up by its name
/// (<c>BoardName</c>, such as ChatGPT概念) in the concept board list (clist, <c>fs=m:90 t:3</c>), never configured:
/// codes are Eastmoney's internal numbering. <c>Field</c> picks what a series holds:
/// <list type="bullet">
/// <item><c>close</c> (default): daily closes from the kline API, whose <c>data.klines</c> are comma-joined
/// strings <c>date,open,close,high,low,...</c>;</item>
/// <item><c>rising</c> / <c>falling</c>: breadth, the board's constituents up and down on the day (f104/f105 of
/// the board list), dated by the list's quote time (f124, China time). The list is a snapshot, so breadth has no
/// history to backfill.</item>
/// </list>
/// The board list lives on <c>ListBaseUrl</c> (push2), the klines on <c>BaseUrl</c> (push2his).
/// </summary>
public sealed class EastmoneyBoardAdapter : ISourceAdapter
{
    /// <summary>Pages of 100 boards read at most while looking for a name; the list has a few hundred.</summary>
    private const int MaxListPages = 20;

    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public string Name => "eastmoney-board";

    public bool RequiresApiKey => false;

    public IReadOnlyList<string> RequiredSeriesParameters { get; } = ["BoardName"];

    public async Task<IReadOnlyList<Observation>> FetchAsync(SourceFetch fetch, SeriesWindow window, CancellationToken cancellationToken)
    {
        var series = window.Series;
        var boardName = fetch.Source.RequiredParameter(series, "BoardName");
        var field = fetch.Source.Parameter(series, "Field", "close")!.ToLowerInvariant();
        var board = await FindBoardAsync(fetch, boardName, cancellationToken).ConfigureAwait(false);
        return field switch
        {
            "close" => await ClosesAsync(fetch, window, board, cancellationToken).ConfigureAwait(false),
            "rising" => [Breadth(fetch, series, board, board.Rising, "rose")],
            "falling" => [Breadth(fetch, series, board, board.Falling, "fell")],
            _ => throw new SourcePayloadException($"parameter Field is '{field}'; expected close, rising or falling"),
        };
    }

    private static Observation Breadth(SourceFetch fetch, ConfiguredSeries series, Board board, decimal? count, string word)
    {
        if (count is null)
        {
            throw new SourcePayloadException($"the board list has no count of constituents that {word} for {board.Name} (f104/f105 is '-')");
        }

        return fetch.Observation(series, Period.Day(board.QuoteDay), count.Value, $"Constituents of Eastmoney concept board {board.Name} that {word} on the day (board list)");
    }

    private static async Task<IReadOnlyList<Observation>> ClosesAsync(SourceFetch fetch, SeriesWindow window, Board board, CancellationToken cancellationToken)
    {
        var query = string.Join('&',
            "secid=90." + Uri.EscapeDataString(board.Code),
            "fields1=f1,f2,f3,f4,f5,f6",
            "fields2=f51,f52,f53,f54,f55,f56,f57",
            "klt=101",
            "fqt=0",
            "beg=" + window.From.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            "end=" + window.To.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        var response = await fetch.GetAsync("api/qt/stock/kline/get?" + query, cancellationToken).ConfigureAwait(false);
        using var json = response.Json();
        var root = JsonFields.RequireObject(json.RootElement, "the response");
        RequireOk(root);
        if (JsonFields.IsNull(root, "data"))
        {
            throw new SourcePayloadException($"data is null: Eastmoney has no klines for board {board.Name} ({board.Code})");
        }

        var klines = JsonFields.Array(JsonFields.Object(root, "data", "the response"), "klines", "data");
        var note = $"Daily close of Eastmoney concept board {board.Name}";
        var result = new List<Observation>(klines.GetArrayLength());
        var index = 0;
        foreach (var line in klines.EnumerateArray())
        {
            var path = $"data.klines[{index++}]";
            if (line.ValueKind != JsonValueKind.String)
            {
                throw new SourcePayloadException($"{path} is not text; expected 'date,open,close,high,low,...'");
            }

            var fields = line.GetString()!.Split(',');
            if (fields.Length < 5)
            {
                throw new SourcePayloadException($"{path} has {fields.Length} fields; expected 'date,open,close,high,low,...'");
            }

            if (!DateOnly.TryParseExact(fields[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                throw new SourcePayloadException($"{path} starts with '{JsonFields.Cut(fields[0])}'; expected a date YYYY-MM-DD");
            }

            if (!decimal.TryParse(fields[2], NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var close) || close <= 0)
            {
                throw new SourcePayloadException($"{path}: the close (third field) is '{JsonFields.Cut(fields[2])}'; expected a number above 0");
            }

            result.Add(fetch.Observation(window.Series, Period.Day(day), close, note));
        }

        return result;
    }

    private static async Task<Board> FindBoardAsync(SourceFetch fetch, string name, CancellationToken cancellationToken)
    {
        var key = "eastmoney-board:" + name;
        if (fetch.RunState.TryGetValue(key, out var cached))
        {
            return (Board)cached;
        }

        var listBase = fetch.Source.Parameter(null, "ListBaseUrl") is { } text
            ? (Uri.TryCreate(text, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" ? parsed : throw new SourcePayloadException($"parameter ListBaseUrl '{text}' is not an absolute http(s) address"))
            : fetch.Source.BaseUrl!;
        var seen = 0;
        for (var page = 1; page <= MaxListPages; page++)
        {
            var query = string.Join('&',
                "pn=" + page.ToString(CultureInfo.InvariantCulture),
                "pz=100",
                "po=1",
                "np=1",
                "fltt=2",
                "invt=2",
                "fid=f3",
                "fs=" + Uri.EscapeDataString("m:90 t:3 f:!50"),
                "fields=f12,f14,f104,f105,f124");
            var response = await fetch.GetAsync(listBase, "api/qt/clist/get?" + query, cancellationToken).ConfigureAwait(false);
            using var json = response.Json();
            var root = JsonFields.RequireObject(json.RootElement, "the board list");
            RequireOk(root);
            if (JsonFields.IsNull(root, "data"))
            {
                break;
            }

            var data = JsonFields.Object(root, "data", "the board list");
            var total = JsonFields.Number(data, "total", "data");
            var diff = JsonFields.Array(data, "diff", "data");
            var index = 0;
            foreach (var item in diff.EnumerateArray())
            {
                var path = $"data.diff[{index++}]";
                if (JsonFields.String(item, "f14", path) != name)
                {
                    continue;
                }

                var code = JsonFields.String(item, "f12", path);
                if (!item.TryGetProperty("f124", out var quoteTimeElement))
                {
                    throw new SourcePayloadException($"{path}.f124 is missing; expected the quote time");
                }

                var quoteTime = JsonFields.UnixSeconds(quoteTimeElement, path + ".f124");
                var board = new Board(
                    name,
                    code,
                    DateOnly.FromDateTime(quoteTime.ToOffset(ChinaOffset).DateTime),
                    CountOrNull(item, "f104", path),
                    CountOrNull(item, "f105", path));
                fetch.RunState[key] = board;
                return board;
            }

            seen += diff.GetArrayLength();
            if (diff.GetArrayLength() == 0 || seen >= total)
            {
                break;
            }
        }

        throw new SourcePayloadException($"no concept board named '{name}' is in Eastmoney's board list ({seen} boards read)");
    }

    /// <summary>A count, or null where Eastmoney writes '-' for "no figure".</summary>
    private static decimal? CountOrNull(JsonElement item, string name, string path)
    {
        if (item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() == "-")
        {
            return null;
        }

        var count = JsonFields.Number(item, name, path);
        return count < 0 || count != decimal.Truncate(count)
            ? throw new SourcePayloadException($"{path}.{name} is {count.ToString(CultureInfo.InvariantCulture)}; expected a whole count")
            : count;
    }

    private static void RequireOk(JsonElement root)
    {
        var rc = JsonFields.Number(root, "rc", "the response");
        if (rc != 0)
        {
            throw new SourcePayloadException($"Eastmoney answered rc={rc.ToString(CultureInfo.InvariantCulture)} (0 means success)");
        }
    }

    private sealed record Board(string Name, string Code, DateOnly QuoteDay, decimal? Rising, decimal? Falling);
}
