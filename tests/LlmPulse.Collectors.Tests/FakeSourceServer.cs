using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Collectors.Tests;

/// <summary>What a fake source answers: status, body, content type, extra headers, and a delay before answering.</summary>
public sealed record FakeResponse(int Status, string Body, string ContentType = "application/json; charset=utf-8")
{
    public Dictionary<string, string> Headers { get; init; } = [];

    public TimeSpan Delay { get; init; }

    public static FakeResponse Json(string body) => new(200, body);

    public static FakeResponse Csv(string body) => new(200, body, "text/csv; charset=utf-8");
}

/// <summary>A request a fake source received.</summary>
public sealed record RecordedRequest(string Path, string QueryString, IQueryCollection Query, string UserAgent, DateTimeOffset ReceivedAt)
{
    /// <summary>The <c>api-key</c> header, where SimilarWeb's key travels; null when absent.</summary>
    public string? ApiKey { get; init; }
}

/// <summary>
/// A local HTTP server (Kestrel on 127.0.0.1, a free port) that stands in for a source: each path answers what the
/// test says, by the number of the attempt, and every request is recorded. Paths without an answer get 404.
/// </summary>
public sealed class FakeSourceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<RecordedRequest, int, FakeResponse>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeSourceServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>The base URL as configuration takes it, without a trailing slash.</summary>
    public string Url => BaseUrl.AbsoluteUri.TrimEnd('/');

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public static async Task<FakeSourceServer> StartAsync(string? pathBase = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeSourceServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeSourceServer(app, new Uri(address.TrimEnd('/') + (pathBase ?? "")));
        return server;
    }

    /// <summary>Answers requests to <paramref name="path"/> (any query); the function gets the 1-based attempt number.</summary>
    public FakeSourceServer On(string path, Func<RecordedRequest, int, FakeResponse> respond)
    {
        _routes[path] = respond;
        return this;
    }

    public FakeSourceServer On(string path, FakeResponse response) => On(path, (_, _) => response);

    public int AttemptsAt(string path) => _attempts.GetValueOrDefault(path);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.PathBase + context.Request.Path;
        var request = new RecordedRequest(path, context.Request.QueryString.Value ?? "", context.Request.Query, context.Request.Headers.UserAgent.ToString(), DateTimeOffset.UtcNow)
        {
            ApiKey = context.Request.Headers.TryGetValue("api-key", out var key) ? key.ToString() : null,
        };
        _requests.Enqueue(request);
        var attempt = _attempts.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (!_routes.TryGetValue(path, out var respond))
        {
            context.Response.StatusCode = 404;
            return;
        }

        var response = respond(request, attempt);
        if (response.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(response.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(response.Body));
    }
}
