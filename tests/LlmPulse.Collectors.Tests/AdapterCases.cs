using LlmPulse.Metrics;

namespace LlmPulse.Collectors.Tests;

/// <summary>
/// One adapter set up against a local server: the source and series it configures, the path its payload is asked
/// at, a good payload, and payloads that break its documented shape in the ways the issue lists.
/// </summary>
public sealed record AdapterCase(
    string Name,
    string SourceId,
    string SeriesId,
    Action<CollectorHarness, FakeSourceServer> Configure,
    string PayloadPath,
    FakeResponse Good,
    int GoodCount,
    FakeResponse MissingField,
    FakeResponse WrongType,
    FakeResponse NumberForDate)
{
    public override string ToString() => Name;

    /// <summary>The harness's clock stands at <see cref="CollectorHarness.DefaultNow"/>, 5 October 2023.</summary>
    public static readonly IReadOnlyList<AdapterCase> All =
    [
        new(
            "wikimedia-pageviews",
            "wikimedia-pageviews",
            "traffic.chatgpt.wikipedia_views",
            (h, s) =>
            {
                var source = h.AddSource("wikimedia-pageviews", "wikimedia-pageviews", s.Url, "Wikimedia Foundation", since: "2023-07-01");
                source.Parameters["Project"] = "en.wikipedia.org";
                source.Series["traffic.chatgpt.wikipedia_views"] = CollectorHarness.Series("ChatGPT article views", "traffic", "views", "monthly", ("Article", "ChatGPT"));
            },
            "/metrics/pageviews/per-article/en.wikipedia.org/all-access/user/ChatGPT/monthly/2023070100/2023093000",
            FakeResponse.Json(Payloads.Wikimedia("ChatGPT", "monthly", ("2023070100", 1_250_000), ("2023080100", 1_180_000), ("2023090100", 1_100_000))),
            3,
            FakeResponse.Json("""{"items":[{"timestamp":"2023070100","views":5},{"timestamp":"2023080100"}]}"""),
            FakeResponse.Json("""{"items":[{"timestamp":"2023070100","views":5},{"timestamp":"2023080100","views":"1180000"}]}"""),
            FakeResponse.Json("""{"items":[{"timestamp":"2023070100","views":5},{"timestamp":2023080100,"views":7}]}""")),
        new(
            "tranco",
            "tranco",
            "traffic.chatgpt.tranco_rank",
            (h, s) =>
            {
                var source = h.AddSource("tranco", "tranco", s.Url, "Tranco", since: "2023-10-02");
                source.Series["traffic.chatgpt.tranco_rank"] = CollectorHarness.Series("chatgpt.com Tranco rank", "traffic", "rank", "daily", ("Domain", "chatgpt.com"));
            },
            "/api/ranks/domain/chatgpt.com",
            FakeResponse.Json(Payloads.Tranco("chatgpt.com", ("2023-10-01", 30), ("2023-10-02", 29), ("2023-10-03", 28), ("2023-10-04", 28), ("2023-10-05", 27))),
            4,
            FakeResponse.Json("""{"domain":"chatgpt.com","ranks":[{"date":"2023-10-02","rank":29},{"date":"2023-10-03"}]}"""),
            FakeResponse.Json("""{"domain":"chatgpt.com","ranks":[{"date":"2023-10-02","rank":29},{"date":"2023-10-03","rank":"28"}]}"""),
            FakeResponse.Json("""{"domain":"chatgpt.com","ranks":[{"date":"2023-10-02","rank":29},{"date":20231003,"rank":28}]}""")),
        new(
            "similarweb",
            "similarweb",
            "traffic.chatgpt.visits.world",
            (h, s) =>
            {
                var source = h.AddSource("similarweb", "similarweb", s.Url, "SimilarWeb", since: "2023-07-01");
                source.ApiKey = SimilarWebKey;
                source.Series["traffic.chatgpt.visits.world"] = CollectorHarness.Series("ChatGPT web visits, worldwide", "traffic", "visits", "monthly", ("Domain", "chatgpt.com"));
            },
            "/v1/website/chatgpt.com/total-traffic-and-engagement/visits",
            FakeResponse.Json(Payloads.SimilarWeb("chatgpt.com", ("2023-07-01", 1_500_000_000), ("2023-08-01", 1_430_000_000.5), ("2023-09-01", 1_470_000_000))),
            3,
            FakeResponse.Json("""{"meta":{"status":"Success"},"visits":[{"date":"2023-07-01","visits":1500000000},{"visits":1430000000}]}"""),
            FakeResponse.Json("""{"meta":{"status":"Success"},"visits":[{"date":"2023-07-01","visits":1500000000},{"date":"2023-08-01","visits":"lots"}]}"""),
            FakeResponse.Json("""{"meta":{"status":"Success"},"visits":[{"date":"2023-07-01","visits":1500000000},{"date":20230801,"visits":1430000000}]}""")),
        new(
            "yahoo-chart",
            "yahoo-chart",
            "company.baidu.share_price",
            (h, s) =>
            {
                var source = h.AddSource("yahoo-chart", "yahoo-chart", s.Url, "Yahoo Finance", group: "indexes", since: "2023-09-25");
                source.Series["company.baidu.share_price"] = CollectorHarness.Series("Baidu share price (BIDU)", "company", "USD", "daily", ("Symbol", "BIDU"));
            },
            "/v8/finance/chart/BIDU",
            FakeResponse.Json(Payloads.Yahoo("BIDU", "USD", ("2023-09-29", 134.2300033569336), ("2023-10-02", null), ("2023-10-03", 131.1999969482422), ("2023-10-04", 133.0))),
            3,
            FakeResponse.Json("""{"chart":{"result":[{"meta":{"currency":"USD","gmtoffset":-14400,"priceHint":2},"timestamp":[1696253400],"indicators":{}}],"error":null}}"""),
            FakeResponse.Json("""{"chart":{"result":[{"meta":{"currency":"USD","gmtoffset":-14400,"priceHint":2},"timestamp":[1696253400],"indicators":{"quote":[{"close":["131.2"]}]}}],"error":null}}"""),
            FakeResponse.Json("""{"chart":{"result":[{"meta":{"currency":"USD","gmtoffset":-14400,"priceHint":2},"timestamp":["2023-10-02"],"indicators":{"quote":[{"close":[131.2]}]}}],"error":null}}""")),
        new(
            "eastmoney-board",
            "eastmoney-board",
            "index.cn.chatgpt_concept",
            (h, s) =>
            {
                var source = h.AddSource("eastmoney-board", "eastmoney-board", s.Url, "Eastmoney", group: "indexes", since: "2023-09-25");
                source.Parameters["ListBaseUrl"] = s.Url;
                source.Parameters["BoardName"] = "ChatGPT概念";
                source.Series["index.cn.chatgpt_concept"] = CollectorHarness.Series("ChatGPT concept sector index", "index", "points", "daily", ("Field", "close"));
                s.On("/api/qt/clist/get", FakeResponse.Json(Payloads.EastmoneyBoards(("BK0800", "人工智能", 40, 60, Payloads.ChinaClose("2023-09-28")), ("BK1156", "ChatGPT概念", 12, 59, Payloads.ChinaClose("2023-09-28")))));
            },
            "/api/qt/stock/kline/get",
            FakeResponse.Json(Payloads.EastmoneyKlines("BK1156", "ChatGPT概念", ("2023-09-26", 1450.12m), ("2023-09-27", 1432.5m), ("2023-09-28", 1419.87m))),
            3,
            FakeResponse.Json("""{"rc":0,"data":{"code":"BK1156","name":"x"}}"""),
            FakeResponse.Json("""{"rc":0,"data":{"code":"BK1156","klines":["2023-09-26,1440.00,1450.12,1460.00,1438.00,1,2","2023-09-27,1440.00,n/a,1460.00,1438.00,1,2"]}}"""),
            FakeResponse.Json("""{"rc":0,"data":{"code":"BK1156","klines":["2023-09-26,1440.00,1450.12,1460.00,1438.00,1,2","1695772800,1440.00,1432.50,1460.00,1438.00,1,2"]}}""")),
    ];

    public const string SimilarWebKey = "sw-test-key-7f3a9c2e51";

    public static IEnumerable<object[]> Names => All.Select(c => new object[] { c.Name });

    public static AdapterCase Get(string name) => All.Single(c => c.Name == name);
}
