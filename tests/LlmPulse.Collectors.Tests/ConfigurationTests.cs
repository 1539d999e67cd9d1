using System.Text.Json;
using LlmPulse.Functions;
using LlmPulse.Metrics;
using LlmPulse.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Collectors.Tests;

/// <summary>The shipped sources.json and the standard .NET overrides on top of it; no request is made here.</summary>
public sealed class ConfigurationTests
{
    private static readonly string ShippedFile = Path.Combine(AzuriteServer.RepositoryRoot, "src", "LlmPulse.Core", "Collectors", "sources.json");

    [Fact]
    public void The_shipped_sources_cover_traffic_indexes_and_investment_with_working_defaults()
    {
        var catalog = Catalog([]);

        Assert.Equal(["ai-investment", "eastmoney-board", "similarweb", "tranco", "wikimedia-pageviews", "yahoo-chart"], catalog.Sources.Select(s => s.Id));
        Assert.All(catalog.Sources, s => Assert.True(s.Problems.Count == 0, $"{s.Id}: {string.Join("; ", s.Problems)}"));
        Assert.All(catalog.Sources, s => Assert.Equal("https", s.BaseUrl!.Scheme));
        Assert.Equal(
            ["traffic:similarweb,tranco,wikimedia-pageviews", "indexes:eastmoney-board,yahoo-chart", "investment:ai-investment"],
            Enum.GetValues<CollectorGroup>().Select(g => $"{g.ToText()}:{string.Join(',', catalog.Sources.Where(s => s.Group == g).Select(s => s.Id))}"));

        // Paid SimilarWeb waits for a key; every keyless source runs as shipped.
        Assert.Equal("disabled: no API key", catalog.Find("similarweb")!.SkipReason);
        Assert.All(catalog.Sources.Where(s => s.Id != "similarweb"), s => Assert.Null(s.SkipReason));
    }

    [Fact]
    public void The_shipped_series_follow_the_seed_scheme_so_the_briefing_picks_them_up()
    {
        var series = Catalog([]).Sources.SelectMany(s => s.Series).ToArray();

        Assert.All(series, s => Assert.StartsWith(s.Definition.Category.ToText() + ".", s.Id, StringComparison.Ordinal));
        Assert.Contains(series, s => s.Id == "traffic.chatgpt.visits.world");
        Assert.Contains(series, s => s.Id == "index.cn.chatgpt_concept" && s.Definition.Unit == "points");
        Assert.Contains(series, s => s.Id == "company.baidu.share_price" && s.Definition.Unit == "USD");
        Assert.Contains(series, s => s.Definition.Category == SeriesCategory.Investment);
        foreach (var peer in new[] { "claude", "gemini", "bing", "ernie_bot" })
        {
            Assert.Contains(series, s => s.Id.StartsWith($"traffic.{peer}.", StringComparison.Ordinal));
        }

        // Where a shipped series shares its id and source with a seed, its definition is the seed's, so an import and
        // a collection never rewrite each other's series.
        var seeds = File.ReadAllLines(Path.Combine(AzuriteServer.RepositoryRoot, "seeds", "series.csv"));
        Assert.Contains(seeds, l => l.StartsWith("traffic.chatgpt.visits.world,traffic,\"ChatGPT web visits, worldwide\",visits,monthly,SimilarWeb", StringComparison.Ordinal));
        Assert.Contains(seeds, l => l.StartsWith("traffic.chatgpt.visits.us,traffic,\"ChatGPT web traffic, United States\",visits,monthly,SimilarWeb", StringComparison.Ordinal));
    }

    [Fact]
    public void Settings_override_the_shipped_file_one_by_one_the_standard_way()
    {
        var catalog = Catalog(new()
        {
            ["Sources:tranco:Enabled"] = "false",
            ["Sources:tranco:Series:traffic.chatgpt.tranco_rank:Parameters:Domain"] = "chat.openai.com",
            ["Sources:similarweb:ApiKey"] = "key-from-configuration",
            ["Sources:my-feed:Adapter"] = "csv-feed",
            ["Sources:my-feed:Group"] = "investment",
            ["Sources:my-feed:BaseUrl"] = "https://data.example.org",
            ["Sources:my-feed:ReportedBy"] = "Example Data",
            ["Sources:my-feed:Parameters:Path"] = "/ai.csv",
            ["Sources:my-feed:Parameters:DateColumn"] = "date",
            ["Sources:my-feed:Series:investment.ai.example:Name"] = "Example AI investment",
            ["Sources:my-feed:Series:investment.ai.example:Category"] = "investment",
            ["Sources:my-feed:Series:investment.ai.example:Unit"] = "USD",
            ["Sources:my-feed:Series:investment.ai.example:Frequency"] = "quarterly",
            ["Sources:my-feed:Series:investment.ai.example:Parameters:ValueColumn"] = "usd",
        });

        var tranco = catalog.Find("tranco")!;
        Assert.Equal("disabled in configuration", tranco.SkipReason);
        Assert.Equal("chat.openai.com", tranco.Parameter(tranco.Series.Single(s => s.Id == "traffic.chatgpt.tranco_rank"), "Domain"));
        Assert.Equal("Tranco", tranco.ReportedBy);
        Assert.Equal(4, tranco.Series.Count);
        Assert.Null(catalog.Find("similarweb")!.SkipReason);
        Assert.Empty(catalog.Find("my-feed")!.Problems);
    }

    [Fact]
    public void A_key_written_in_a_sources_file_is_ignored()
    {
        var file = $"sources-with-key-{Guid.NewGuid():N}.json";
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, file), """
            {"Sources":{"similarweb":{"Adapter":"similarweb","Group":"traffic","BaseUrl":"https://api.similarweb.com","ReportedBy":"SimilarWeb","ApiKey":"committed-by-mistake",
              "Series":{"traffic.x.visits.world":{"Name":"X","Category":"traffic","Unit":"visits","Frequency":"monthly","Parameters":{"Domain":"x.com"}}}}}}
            """);
        try
        {
            var catalog = Catalog(new() { ["Collectors:SourcesFile"] = file });

            Assert.Equal("disabled: no API key", catalog.Find("similarweb")!.SkipReason);
            Assert.DoesNotContain("committed-by-mistake", catalog.Secrets);
        }
        finally
        {
            File.Delete(Path.Combine(AppContext.BaseDirectory, file));
        }
    }

    [Fact]
    public void The_shipped_file_holds_no_key_and_is_copied_beside_the_apps()
    {
        var text = File.ReadAllText(ShippedFile);

        Assert.DoesNotContain(PropertyNames(JsonDocument.Parse(text).RootElement.GetProperty("Sources")), name => name.Equals("ApiKey", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(text, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "sources.json")));
    }

    [Fact]
    public void A_misconfigured_source_stops_the_start_with_one_line_per_problem()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Collectors:SourcesFile"] = "",
            ["Sources:bad:Adapter"] = "tranco",
            ["Sources:bad:Group"] = "weekly",
            ["Sources:bad:BaseUrl"] = "ftp://example.org",
            ["Sources:bad:ReportedBy"] = "",
            ["Sources:bad:Series:Traffic.X:Name"] = "X",
            ["Sources:bad:Series:Traffic.X:Category"] = "traffic",
            ["Sources:bad:Series:Traffic.X:Unit"] = "rank",
            ["Sources:bad:Series:Traffic.X:Frequency"] = "hourly",
            ["Sources:empty:Adapter"] = "yahoo-chart",
            ["Sources:empty:Group"] = "indexes",
            ["Sources:empty:BaseUrl"] = "https://example.org",
            ["Sources:empty:ReportedBy"] = "Somebody",
            ["Sources:unknown:Adapter"] = "bloomberg",
            ["Sources:unknown:Group"] = "indexes",
            ["Sources:unknown:BaseUrl"] = "https://example.org",
            ["Sources:unknown:ReportedBy"] = "Somebody",
            ["Sources:unknown:Series:index.x:Name"] = "X",
            ["Sources:unknown:Series:index.x:Category"] = "index",
            ["Sources:unknown:Series:index.x:Unit"] = "points",
            ["Sources:unknown:Series:index.x:Frequency"] = "daily",
            ["Sources:off:Adapter"] = "nothing-at-all",
            ["Sources:off:Enabled"] = "false",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddCollectors(configuration).BuildServiceProvider();

        var problems = LlmPulse.ConfigurationProblems.Check(services);

        Assert.Contains("Sources:bad: Group 'weekly' is unknown; expected traffic, indexes or investment.", problems);
        Assert.Contains("Sources:bad: BaseUrl 'ftp://example.org' is not an absolute http(s) address without a query.", problems);
        Assert.Contains("Sources:bad: ReportedBy is empty: say who reports the figures.", problems);
        Assert.Contains(problems, p => p.StartsWith("Sources:bad: Series id 'Traffic.X'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Sources:bad: Series Traffic.X: Frequency 'hourly'", StringComparison.Ordinal));
        Assert.Contains("Sources:empty: the source has no series; add one under Series or set Enabled to false.", problems);
        Assert.Contains(problems, p => p.StartsWith("Sources:unknown: Adapter 'bloomberg' is unknown; expected one of csv-feed, eastmoney-board", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.StartsWith("Sources:off", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.DoesNotContain('\n', p));
        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => services.GetRequiredService<SourceCatalog>());
    }

    [Fact]
    public void The_schedules_have_one_default_in_the_code_the_local_settings_and_the_deployment()
    {
        var local = JsonDocument.Parse(File.ReadAllText(Path.Combine(AzuriteServer.RepositoryRoot, "src", "LlmPulse.Functions", "local.settings.sample.json"))).RootElement.GetProperty("Values");
        var parameters = File.ReadAllText(Path.Combine(AzuriteServer.RepositoryRoot, "infra", "main.parameters.json"));
        var main = File.ReadAllText(Path.Combine(AzuriteServer.RepositoryRoot, "infra", "main.bicep"));

        foreach (var (setting, schedule, parameter) in new[]
        {
            (CollectorSchedules.TrafficSetting, CollectorSchedules.TrafficDefault, "collectTrafficSchedule"),
            (CollectorSchedules.IndexesSetting, CollectorSchedules.IndexesDefault, "collectIndexesSchedule"),
            (CollectorSchedules.InvestmentSetting, CollectorSchedules.InvestmentDefault, "collectInvestmentSchedule"),
        })
        {
            Assert.Equal(schedule, local.GetProperty(setting).GetString());
            Assert.Contains($"${{{setting}={schedule}}}", parameters, StringComparison.Ordinal);
            Assert.Contains($"param {parameter} string = '{schedule}'", main, StringComparison.Ordinal);
        }

        Assert.Equal(["0 0 6 * * *", "0 30 8,22 * * 1-5", "0 0 5 * * 1"], new[] { CollectorSchedules.TrafficDefault, CollectorSchedules.IndexesDefault, CollectorSchedules.InvestmentDefault });
    }

    private static IEnumerable<string> PropertyNames(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => PropertyNames(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(PropertyNames),
        _ => [],
    };

    private static SourceCatalog Catalog(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddCollectors(configuration).BuildServiceProvider();
        return services.GetRequiredService<SourceCatalog>();
    }
}
