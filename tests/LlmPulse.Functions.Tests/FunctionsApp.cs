using System.Globalization;
using System.Text.Json;
using LlmPulse.Import;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LlmPulse.Functions.Tests;

/// <summary>
/// The Functions app's services for one test, registered as Program.cs does, on storage names of the test's own,
/// with a fake clock and captured logs; and an HTTP client of sorts that runs results as the worker would.
/// </summary>
public sealed class FunctionsApp : IDisposable
{
    public static readonly DateTimeOffset DefaultNow = new(2023, 8, 1, 7, 0, 0, TimeSpan.Zero);

    private readonly string _tempFolder = Path.Combine(Path.GetTempPath(), "llmpulse-functions-tests-" + Guid.NewGuid().ToString("N"));

    private FunctionsApp(IDictionary<string, string?> settings, DateTimeOffset now)
    {
        Time = new FakeTimeProvider(now);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.AddProvider(Logs));
        services.AddSingleton<TimeProvider>(Time);
        services.AddLlmPulseFunctions(configuration);

        // The worker's ASP.NET Core integration registers MVC; its executors write the results below.
        services.AddMvcCore();
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public FakeTimeProvider Time { get; }

    public LogCapture Logs { get; } = new();

    public ServiceProvider Services { get; }

    /// <summary>The app on the test's own tables and container in the shared Azurite.</summary>
    public static FunctionsApp OnAzurite(AzuriteServer azurite, DateTimeOffset? now = null) =>
        new(StorageSettings(StorageNames.Unique(azurite.ConnectionString)), now ?? DefaultNow);

    /// <summary>The app on the test's own storage names, with more settings (subscribers, SMTP) on top.</summary>
    public static FunctionsApp OnAzurite(AzuriteServer azurite, IDictionary<string, string?> settings, DateTimeOffset? now = null)
    {
        var all = StorageSettings(StorageNames.Unique(azurite.ConnectionString));
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new(all, now ?? DefaultNow);
    }

    /// <summary>The app on the given storage names, reached through <paramref name="connectionString"/> (a fault proxy, say).</summary>
    public static FunctionsApp OnStorage(StorageOptions names, string connectionString, DateTimeOffset? now = null, IReadOnlyDictionary<string, string?>? more = null)
    {
        var settings = StorageSettings(names);
        settings["Storage:ConnectionString"] = connectionString;
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new(settings, now ?? DefaultNow);
    }

    /// <summary>The app as configured in Azure or local.settings.json: only <c>AzureWebJobsStorage</c> names the storage.</summary>
    public static FunctionsApp WithAppSettings(IDictionary<string, string?> settings, DateTimeOffset? now = null) =>
        new(settings, now ?? DefaultNow);

    public T Function<T>()
        where T : class => ActivatorUtilities.CreateInstance<T>(Services);

    public async Task ImportTinySeedAsync() =>
        await Services.GetRequiredService<SeedImporter>().ImportAsync(TinySeed.Write(_tempFolder), CancellationToken.None);

    /// <summary>A request as the worker hands it to a function; the query carries a function key as clients send it.</summary>
    public HttpRequest Request(string method, string path, string query = "?code=test-function-key")
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("llmpulse.example");
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    /// <summary>Runs the result against the request's response, as the worker does, and reads what a client would get.</summary>
    public static async Task<HttpAnswer> SendAsync(HttpRequest request, IActionResult result)
    {
        var context = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        var body = ((MemoryStream)context.Response.Body).ToArray();
        return new HttpAnswer(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers, body);
    }

    public void Dispose()
    {
        Services.Dispose();
        if (Directory.Exists(_tempFolder))
        {
            Directory.Delete(_tempFolder, recursive: true);
        }
    }

    private static Dictionary<string, string?> StorageSettings(StorageOptions options) => new()
    {
        ["Storage:ConnectionString"] = options.ConnectionString,
        ["Storage:SeriesTable"] = options.SeriesTable,
        ["Storage:ObservationsTable"] = options.ObservationsTable,
        ["Storage:BriefingsContainer"] = options.BriefingsContainer,
        ["Storage:DeliveriesTable"] = options.DeliveriesTable,
        ["Storage:DeliveryQueue"] = options.DeliveryQueue,
        ["Storage:CollectQueue"] = options.CollectQueue,
        ["Storage:RunsTable"] = options.SeriesTable.Replace("series", "runs", StringComparison.Ordinal),
        ["Storage:MaxRetries"] = options.MaxRetries?.ToString(CultureInfo.InvariantCulture),
        ["Storage:NetworkTimeout"] = options.NetworkTimeout.ToString("c", CultureInfo.InvariantCulture),
    };
}

/// <summary>What a client receives.</summary>
public sealed record HttpAnswer(int Status, string? ContentType, IHeaderDictionary Headers, byte[] Body)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }

    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    /// <summary>The content type without parameters such as charset.</summary>
    public string? MediaType => ContentType is null ? null : Microsoft.Net.Http.Headers.MediaTypeHeaderValue.Parse(ContentType).MediaType.ToString();
}
