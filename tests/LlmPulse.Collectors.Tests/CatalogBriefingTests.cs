using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LlmPulse.Briefings;
using LlmPulse.Rendering;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Collectors.Tests;

/// <summary>
/// The case that once made a 19-page briefing of daily streaks: the shipped source catalog, collected for January to
/// June 2024 from local servers answering in each source's documented shape, then the June 2024 briefing. It now
/// tells the month in months, ranks in places, and stays within 12 pages.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class CatalogBriefingTests(AzuriteServer azurite)
{
    private static readonly DateOnly From = new(2024, 1, 1);
    private static readonly DateOnly To = new(2024, 6, 30);

    [Fact]
    public async Task The_shipped_catalog_collected_for_six_months_briefs_june_in_at_most_twelve_pages()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = new CollectorHarness(azurite.ConnectionString, new DateTimeOffset(2024, 7, 1, 7, 0, 0, TimeSpan.Zero));
        harness.ConfigureServices = services => services.AddBriefingRenderer();
        LoadShippedCatalog(harness, server);
        Serve(server);

        var report = await harness.CollectAsync();
        var service = harness.Services.GetRequiredService<BriefingService>();
        var model = await service.BuildAsync(BriefingMonth.Parse("2024-06"), CancellationToken.None);
        var pdf = (await service.CreateAsync(BriefingMonth.Parse("2024-06"), CancellationToken.None)).Content;

        Assert.All(report.Runs.Where(r => r.Source != "similarweb"), r => Assert.Equal(RunStatus.Succeeded, r.Status));
        Assert.InRange(PageObject().Count(Encoding.Latin1.GetString(pdf)), 1, 12);
        var findings = model.KeyFindings.Select(f => f.Text).ToArray();
        Assert.DoesNotContain(findings, f => f.Contains("consecutive day", StringComparison.Ordinal));
        Assert.All(findings.Where(f => f.Contains("Tranco", StringComparison.Ordinal)), f => Assert.DoesNotContain("%", f, StringComparison.Ordinal));
        var tiles = model.Sections.SelectMany(s => s.Blocks).OfType<FigureRowBlock>().SelectMany(r => r.Figures).ToArray();
        Assert.DoesNotContain(tiles, t => t.Label.Contains("previous day", StringComparison.Ordinal));
        Assert.Contains(tiles, t => t.Value.StartsWith("down ", StringComparison.Ordinal) && t.Value.EndsWith(" places", StringComparison.Ordinal));
    }

    /// <summary>sources.json as shipped, pointed at the local server, with no wait between requests.</summary>
    private static void LoadShippedCatalog(CollectorHarness harness, FakeSourceServer server)
    {
        var file = Path.Combine(AzuriteServer.RepositoryRoot, "src", "LlmPulse.Core", "Collectors", "sources.json");
        new ConfigurationBuilder().AddJsonFile(file).Build().GetSection("Sources").Bind(harness.Catalog.Sources);
        foreach (var source in harness.Catalog.Sources.Values)
        {
            source.BaseUrl = server.Url;
            source.Since = From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            source.RequestInterval = TimeSpan.Zero;
            source.PublicationLagDays = 0;
            if (source.Parameters.ContainsKey("ListBaseUrl"))
            {
                source.Parameters["ListBaseUrl"] = server.Url;
            }
        }
    }

    private static IEnumerable<DateOnly> Days()
    {
        for (var d = From; d <= To; d = d.AddDays(1))
        {
            yield return d;
        }
    }

    /// <summary>
    /// Each source's payload: ranks that slip one place every few days (as in the original report, where 69 to 70
    /// was called a 1.4% rise), closes that wander, monthly article views, annual investment totals.
    /// </summary>
    private static void Serve(FakeSourceServer server)
    {
        var days = Days().ToArray();
        var random = new Random(19);
        foreach (var (domain, start) in new[] { ("chatgpt.com", 8), ("openai.com", 60), ("claude.ai", 120), ("bing.com", 30) })
        {
            server.On($"/api/ranks/domain/{domain}", FakeResponse.Json(Payloads.Tranco(domain, days.Select((d, i) => (d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), start + (i / 5))).ToArray())));
        }

        foreach (var article in new[] { "ChatGPT", "Claude_(language_model)", "Gemini_(chatbot)", "Microsoft_Copilot", "Ernie_Bot" })
        {
            var months = Enumerable.Range(0, 6).Select(m => (From.AddMonths(m).ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "00", (long)random.Next(100_000, 2_000_000))).ToArray();
            server.On($"/metrics/pageviews/per-article/en.wikipedia.org/all-access/user/{article}/monthly/2024010100/2024063000", FakeResponse.Json(Payloads.Wikimedia(article, "monthly", months)));
        }

        var weekdays = days.Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToArray();
        var close = 1000m;
        server.On("/api/qt/clist/get", FakeResponse.Json(Payloads.EastmoneyBoards(("BK1156", "ChatGPT概念", 12, 59, Payloads.ChinaClose("2024-06-28")))));
        server.On("/api/qt/stock/kline/get", FakeResponse.Json(Payloads.EastmoneyKlines("BK1156", "ChatGPT概念", weekdays.Select(d => (d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), close = Math.Round(close * (1m + (((decimal)random.NextDouble() - 0.5m) / 25m)), 2))).ToArray())));
        foreach (var symbol in new[] { "BIDU", "MSFT", "NVDA", "GOOGL" })
        {
            var price = 100d + random.Next(300);
            server.On($"/v8/finance/chart/{symbol}", FakeResponse.Json(Payloads.Yahoo(symbol, "USD", weekdays.Select(d => (d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (double?)Math.Round(price *= 1 + ((random.NextDouble() - 0.5) / 25), 2))).ToArray())));
        }

        server.On("/grapher/private-investment-in-artificial-intelligence.csv", FakeResponse.Csv(Payloads.OwidCsv("Global total private investment in AI", ("World", 2022, "103400000000"), ("World", 2023, "95990000000"))));
    }

    [GeneratedRegex(@"/Type\s*/Page(?![s\w])")]
    private static partial Regex PageObject();
}
