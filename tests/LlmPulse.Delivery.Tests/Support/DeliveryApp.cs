using System.Globalization;
using LlmPulse.Import;
using LlmPulse.Jobs;
using LlmPulse.Rendering;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Polly;

namespace LlmPulse.Delivery.Tests.Support;

/// <summary>
/// The whole application as the doors wire it (storage, renderer, monthly run, ledger, channels), on a test's own
/// tables and container in a shared Azurite, with subscribers from configuration and a fake clock.
/// </summary>
internal sealed class DeliveryApp : IDisposable
{
    private readonly ServiceProvider _services;

    public DeliveryApp(StorageOptions storage, IDictionary<string, string?> delivery, DateTimeOffset now)
    {
        Storage = storage;
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = storage.ConnectionString,
            ["Storage:SeriesTable"] = storage.SeriesTable,
            ["Storage:ObservationsTable"] = storage.ObservationsTable,
            ["Storage:BriefingsContainer"] = storage.BriefingsContainer,
            ["Storage:DeliveriesTable"] = storage.DeliveriesTable,
            ["Storage:DeliveryQueue"] = storage.DeliveryQueue,
            ["Storage:CollectQueue"] = storage.CollectQueue,
        ["Storage:DeliveryQueue"] = storage.DeliveryQueue,
        ["Storage:CollectQueue"] = storage.CollectQueue,
            ["Storage:RunsTable"] = storage.SeriesTable.Replace("series", "runs", StringComparison.Ordinal),
            ["Storage:MaxRetries"] = "0",

            // The webhook receiver listens on http://127.0.0.1, which only Development allows.
            ["DOTNET_ENVIRONMENT"] = "Development",
            // One collected source, so a month waits for its series: not the shipped sources, whose series a
            // test never fills.
            ["Collectors:SourcesFile"] = "",
            ["Sources:test-analytics:Adapter"] = "wikimedia-pageviews",
            ["Sources:test-analytics:Group"] = "traffic",
            ["Sources:test-analytics:BaseUrl"] = "http://127.0.0.1:9/",
            ["Sources:test-analytics:ReportedBy"] = "Test Analytics",
            ["Sources:test-analytics:PublicationLagDays"] = "9",
            ["Sources:test-analytics:Series:traffic.test.visits.world:Name"] = "Test site visits, worldwide",
            ["Sources:test-analytics:Series:traffic.test.visits.world:Category"] = "traffic",
            ["Sources:test-analytics:Series:traffic.test.visits.world:Unit"] = "visits",
            ["Sources:test-analytics:Series:traffic.test.visits.world:Frequency"] = "monthly",
            ["Sources:test-analytics:Series:traffic.test.visits.world:Parameters:Article"] = "Test",
        };
        foreach (var (key, value) in delivery)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        Time = new FakeTimeProvider(now);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(Logs));
        services.AddSingleton<TimeProvider>(Time);
        services.AddLlmPulse(configuration);
        services.AddBriefingRenderer();
        services.Configure<HttpStandardResilienceOptions>(DeliveryChannelRegistration.WebhookResilienceOptionsName, options =>
        {
            // The handler waits on the app's TimeProvider, which is a fake clock here: no delay, or it waits forever.
            options.Retry.Delay = TimeSpan.Zero;
            options.Retry.BackoffType = DelayBackoffType.Constant;
            options.Retry.UseJitter = false;
        });
        _services = services.BuildServiceProvider();
    }

    public StorageOptions Storage { get; }

    public FakeTimeProvider Time { get; }

    public LogCapture Logs { get; } = new();

    public IServiceProvider Services => _services;

    public MonthlyRun MonthlyRun => _services.GetRequiredService<MonthlyRun>();

    /// <summary>What <c>llmpulse monthly</c> does: one reconciler step, then the delivery queue drained here.</summary>
    public async Task<MonthlyRunResult> RunMonthlyAsync(DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        var result = await MonthlyRun.RunAsync(asOf, cancellationToken);
        return result.WithDeliveries(await Delivery.DrainAsync(cancellationToken));
    }

    public DeliveryQueue Queue => _services.GetRequiredService<DeliveryQueue>();

    public global::LlmPulse.Metrics.Observation Observation(string seriesId, string period, decimal value) =>
        new(seriesId, global::LlmPulse.Metrics.Period.Parse(period), global::LlmPulse.Metrics.Measure.Level, value, false, "Test Analytics", "", Time.GetUtcNow());

    public MetricStore Metrics => _services.GetRequiredService<MetricStore>();

    public DeliveryService Delivery => _services.GetRequiredService<DeliveryService>();

    public DeliveryLedger Ledger => _services.GetRequiredService<DeliveryLedger>();

    public BriefingStore Briefings => _services.GetRequiredService<BriefingStore>();

    public global::LlmPulse.Briefings.BriefingService BriefingService => _services.GetRequiredService<global::LlmPulse.Briefings.BriefingService>();

    /// <summary>Subscriber settings: an email reader on the test SMTP server and a webhook reader on the receiver.</summary>
    public static Dictionary<string, string?> Subscribers(int smtpPort, Uri webhook, string secret, int maxAttempts = 5) => new()
    {
        ["Delivery:Smtp:Host"] = "127.0.0.1",
        ["Delivery:Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
        ["Delivery:Smtp:TlsMode"] = "None",
        ["Delivery:Smtp:Timeout"] = "00:00:10",
        ["Delivery:MaxAttempts"] = maxAttempts.ToString(CultureInfo.InvariantCulture),
        ["Delivery:Subscribers:0:Name"] = "analyst",
        ["Delivery:Subscribers:0:Channel"] = "email",
        ["Delivery:Subscribers:0:Email"] = "analyst@example.test",
        ["Delivery:Subscribers:1:Name"] = "team-chat",
        ["Delivery:Subscribers:1:Channel"] = "webhook",
        ["Delivery:Subscribers:1:WebhookUrl"] = new Uri(webhook, "hooks/llmpulse").ToString(),
        ["Delivery:Subscribers:1:WebhookSecret"] = secret,
    };

    /// <summary>
    /// Imports a monthly traffic series observed from May to July 2023 (the collected, expected one; without its
    /// July figure when <paramref name="withJuly"/> is false), and an imported-only series that has July.
    /// </summary>
    public async Task ImportSeedAsync(string folder, bool withJuly = true)
    {
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "series.csv"), """
            id,category,name,unit,frequency,source
            traffic.test.visits.world,traffic,"Test site visits, worldwide",visits,monthly,Test Analytics
            traffic.other.visits.world,traffic,"Other site visits, worldwide",visits,monthly,Other Analytics
            """);
        string[] rows =
        [
            "series,period,measure,value,approximate,reported_by,note",
            "traffic.test.visits.world,2023-05,level,1900000000,false,Test Analytics,",
            "traffic.test.visits.world,2023-06,level,1700000000,false,Test Analytics,",
            .. withJuly ? ["traffic.test.visits.world,2023-07,level,1500000000,false,Test Analytics,"] : Array.Empty<string>(),
            "traffic.other.visits.world,2023-05,level,200000000,false,Other Analytics,",
            "traffic.other.visits.world,2023-06,level,210000000,false,Other Analytics,",
            "traffic.other.visits.world,2023-07,level,220000000,false,Other Analytics,",
        ];
        await File.WriteAllLinesAsync(Path.Combine(folder, "observations.csv"), rows);
        await _services.GetRequiredService<SeedImporter>().ImportAsync(folder, CancellationToken.None);
    }

    public async Task<byte[]> StoredPdfAsync(string month)
    {
        var stored = await Briefings.GetAsync(new BriefingKey(global::LlmPulse.Briefings.BriefingMonth.Parse(month)), CancellationToken.None) ?? throw new InvalidOperationException("not stored");
        return await Briefings.ReadAsync(stored, CancellationToken.None);
    }

    public void Dispose() => _services.Dispose();
}
