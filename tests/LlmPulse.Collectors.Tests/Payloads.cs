using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LlmPulse.Collectors.Tests;

/// <summary>Payloads in each source's documented shape, as the real services send them.</summary>
public static class Payloads
{
    /// <summary>Wikimedia pageviews per-article: items with project, article, granularity, timestamp YYYYMMDD00, access, agent, views.</summary>
    public static string Wikimedia(string article, string granularity, params (string Timestamp, long Views)[] items) =>
        JsonSerializer.Serialize(new
        {
            items = items.Select(i => new { project = "en.wikipedia", article, granularity, timestamp = i.Timestamp, access = "all-access", agent = "user", views = i.Views }),
        });

    /// <summary>Tranco ranks of a domain: {"domain": ..., "ranks": [{"date": "YYYY-MM-DD", "rank": n}]}.</summary>
    public static string Tranco(string domain, params (string Date, int Rank)[] ranks) =>
        JsonSerializer.Serialize(new { domain, ranks = ranks.Select(r => new { date = r.Date, rank = r.Rank }) });

    /// <summary>SimilarWeb total visits: meta (request, status, last_updated) and visits [{date, visits}].</summary>
    public static string SimilarWeb(string domain, params (string Date, double Visits)[] visits) =>
        JsonSerializer.Serialize(new
        {
            meta = new
            {
                request = new { granularity = "Monthly", main_domain_only = false, format = "json", domain, start_date = visits.FirstOrDefault().Date, end_date = visits.LastOrDefault().Date, country = "world" },
                status = "Success",
                last_updated = "2023-09-30",
            },
            visits = visits.Select(v => new { date = v.Date, visits = v.Visits }),
        });

    /// <summary>Eastmoney clist of concept boards (np=1: diff is an array): f12 code, f14 name, f104 up, f105 down, f124 quote time.</summary>
    public static string EastmoneyBoards(params (string Code, string Name, int Up, int Down, long QuoteTime)[] boards) =>
        JsonSerializer.Serialize(new
        {
            rc = 0,
            rt = 6,
            svr = 181669449,
            lt = 1,
            full = 1,
            dlmkts = "",
            data = new
            {
                total = boards.Length,
                diff = boards.Select(b => new { f12 = b.Code, f14 = b.Name, f104 = b.Up, f105 = b.Down, f124 = b.QuoteTime }),
            },
        }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Eastmoney kline: data.klines as "date,open,close,high,low,volume,amount".</summary>
    public static string EastmoneyKlines(string code, string name, params (string Date, decimal Close)[] days) =>
        JsonSerializer.Serialize(new
        {
            rc = 0,
            rt = 17,
            svr = 177617938,
            lt = 1,
            full = 0,
            dlmkts = "",
            data = new
            {
                code,
                market = 90,
                name,
                @decimal = 2,
                dktotal = days.Length,
                preKPrice = 1000.0,
                klines = days.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Date},{d.Close - 5m:0.00},{d.Close:0.00},{d.Close + 10m:0.00},{d.Close - 12m:0.00},1234567,8901234567.00")),
            },
        }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>The Unix time of 15:00 China time (the close) on a day, as f124 gives it.</summary>
    public static long ChinaClose(string day) =>
        new DateTimeOffset(DateOnly.Parse(day, CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(15, 0)), TimeSpan.FromHours(8)).ToUnixTimeSeconds();

    /// <summary>Yahoo v8 chart: one result with meta, timestamps at the 09:30 New York open, and quote closes (null allowed).</summary>
    public static string Yahoo(string symbol, string currency, params (string Day, double? Close)[] bars)
    {
        const int gmtoffset = -14400;
        var stamps = bars.Select(b => new DateTimeOffset(DateOnly.Parse(b.Day, CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(9, 30)), TimeSpan.FromSeconds(gmtoffset)).ToUnixTimeSeconds()).ToArray();
        return JsonSerializer.Serialize(new
        {
            chart = new
            {
                result = new[]
                {
                    new
                    {
                        meta = new { currency, symbol, exchangeName = "NMS", instrumentType = "EQUITY", gmtoffset, timezone = "EDT", exchangeTimezoneName = "America/New_York", priceHint = 2, dataGranularity = "1d", range = "" },
                        timestamp = stamps,
                        indicators = new
                        {
                            quote = new[] { new { close = bars.Select(b => b.Close).ToArray(), open = bars.Select(b => b.Close).ToArray() } },
                            adjclose = new[] { new { adjclose = bars.Select(b => b.Close).ToArray() } },
                        },
                    },
                },
                error = (object?)null,
            },
        });
    }

    /// <summary>A CSV in the shape of Our World in Data's grapher downloads: Entity,Code,Year,value.</summary>
    public static string OwidCsv(string valueColumn, params (string Entity, int Year, string Value)[] rows)
    {
        var text = new StringBuilder($"Entity,Code,Year,{valueColumn}\n");
        foreach (var (entity, year, value) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{entity},{(entity == "World" ? "OWID_WRL" : "")},{year},{value}\n");
        }

        return text.ToString();
    }

    public const string HtmlErrorPage = "<!DOCTYPE html><html><head><title>Service unavailable</title></head><body><h1>Please try again later</h1></body></html>";
}
