using System.Text.Json;
using LlmPulse.Cli.Commands;
using LlmPulse.Metrics;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmPulse.Collectors.Tests;

/// <summary>A clock that stands still at a chosen time; its timers are real, so retries and timeouts still run.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Refuses any request that would leave the machine: tests talk to local servers only.</summary>
public sealed class LoopbackOnlyHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        request.RequestUri is { IsLoopback: true }
            ? base.SendAsync(request, cancellationToken)
            : throw new InvalidOperationException($"A test tried to reach {request.RequestUri?.Host}; tests only talk to servers on 127.0.0.1.");
}

/// <summary>
/// The collectors as the apps wire them (AddLlmPulse), on a test's own tables, with sources that point at local
/// servers, tiny retry delays, a fixed clock and every log line captured. No shipped sources: sources.json points
/// at the real services.
/// </summary>
public sealed class CollectorHarness : IDisposable
{
    public static readonly DateTimeOffset DefaultNow = new(2023, 10, 5, 7, 0, 0, TimeSpan.Zero);

    private readonly List<ServiceProvider> _providers = [];
    private ServiceProvider? _services;

    public CollectorHarness(string connectionString, DateTimeOffset? now = null)
    {
        Storage = StorageNames.Unique(connectionString);
        Runs = new RunStoreOptions { RunsTable = "runs" + Guid.NewGuid().ToString("N")[..12] };
        Clock = new FixedClock(now ?? DefaultNow);
    }

    public StorageOptions Storage { get; }

    public RunStoreOptions Runs { get; }

    public CollectorOptions Options { get; } = new()
    {
        SourcesFile = "",
        UserAgent = "LlmPulse-tests/1.0 (collector tests; local servers only)",
        AttemptTimeout = TimeSpan.FromSeconds(3),
        TotalRequestTimeout = TimeSpan.FromSeconds(30),
        MaxRetryAttempts = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
    };

    public SourceCatalogOptions Catalog { get; } = new();

    public FixedClock Clock { get; }

    public LogCapture Logs { get; } = new();

    /// <summary>More services for the app, such as an extra adapter; applied last.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>The app's services, built on first use so that a test can add its sources first.</summary>
    public ServiceProvider Services => _services ??= NewProvider();

    public CollectorService Collector => Services.GetRequiredService<CollectorService>();

    public MetricStore Metrics => Services.GetRequiredService<MetricStore>();

    public RunStore RunStore => Services.GetRequiredService<RunStore>();

    /// <summary>A source pointing at <paramref name="baseUrl"/>; add its series with <see cref="Series"/>.</summary>
    public SourceOptions AddSource(string id, string adapter, string baseUrl, string reportedBy, string group = "traffic", string since = "2023-01-01")
    {
        var source = new SourceOptions { Adapter = adapter, Group = group, BaseUrl = baseUrl, ReportedBy = reportedBy, Since = since, Enabled = true };
        Catalog.Sources[id] = source;
        return source;
    }

    public static SeriesOptions Series(string name, string category, string unit, string frequency, params (string Name, string Value)[] parameters)
    {
        var series = new SeriesOptions { Name = name, Category = category, Unit = unit, Frequency = frequency };
        foreach (var (key, value) in parameters)
        {
            series.Parameters[key] = value;
        }

        return series;
    }

    /// <summary>Another instance of the app on the same tables and sources, as a second Functions instance would be.</summary>
    public ServiceProvider NewProvider()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLlmPulse(new ConfigurationBuilder().Build());
        Register(services);

        // The worker's ASP.NET Core integration registers MVC; its executors write the HTTP results.
        services.AddMvcCore();
        ConfigureServices?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        _providers.Add(provider);
        return provider;
    }

    /// <summary>Points services that AddLlmPulse registered at this test's storage, sources, clock and logs.</summary>
    public void Register(IServiceCollection services, CliTerminal? terminal = null)
    {
        if (terminal is null)
        {
            services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        }

        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IOptions<StorageOptions>>(Microsoft.Extensions.Options.Options.Create(Storage));
        services.AddSingleton<IOptions<RunStoreOptions>>(Microsoft.Extensions.Options.Options.Create(Runs));
        services.AddSingleton<IOptions<CollectorOptions>>(Microsoft.Extensions.Options.Options.Create(Options));
        services.AddSingleton<IOptions<SourceCatalogOptions>>(Microsoft.Extensions.Options.Options.Create(Catalog));
        services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new LoopbackOnlyHandler()));
        if (terminal is not null)
        {
            services.AddSingleton(terminal);
        }
    }

    public Task<CollectionReport> CollectAsync(string? source = null, DateOnly? from = null, DateOnly? to = null, CollectorGroup? group = null, ServiceProvider? provider = null) =>
        (provider ?? Services).GetRequiredService<CollectorService>().CollectAsync(new CollectionRequest { Source = source, From = from, To = to, Group = group, Trigger = "test" }, null, CancellationToken.None);

    public Task<IReadOnlyList<Observation>> ObservationsAsync(string seriesId) =>
        Metrics.GetObservationsAsync(seriesId, null, null, CancellationToken.None);

    public Task<IReadOnlyList<RunRecord>> RunsAsync(int limit = 50) => RunStore.ListAsync(limit, null, CancellationToken.None);

    public T Function<T>()
        where T : class => ActivatorUtilities.CreateInstance<T>(Services);

    /// <summary>A request as the Functions worker hands it to a function, with a function key in the query.</summary>
    public HttpRequest Request(string method, string path, string query = "")
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("llmpulse.example");
        context.Request.Path = path;
        context.Request.QueryString = new QueryString("?code=test-function-key" + (query.Length == 0 ? "" : "&" + query.TrimStart('?')));
        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    /// <summary>Runs the result against the request's response, as the worker does, and reads the answer.</summary>
    public static async Task<(int Status, string? ContentType, JsonElement Json)> SendAsync(HttpRequest request, IActionResult result)
    {
        var context = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        var body = ((MemoryStream)context.Response.Body).ToArray();
        using var document = JsonDocument.Parse(body);
        return (context.Response.StatusCode, context.Response.ContentType, document.RootElement.Clone());
    }

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }
    }
}
