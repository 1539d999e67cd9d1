using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Testing;

/// <summary>A request that went through the proxy: which service, what it did, and its body as text.</summary>
public sealed record ProxiedRequest(string Service, string Method, string Path, string Body)
{
    /// <summary>True for requests that change something (a read is GET or HEAD).</summary>
    public bool IsWrite => Method is not ("GET" or "HEAD");
}

/// <summary>
/// A reverse proxy (Kestrel on free ports) in front of an Azurite's blob, queue and table services, through which a
/// test's storage goes away at a chosen request and comes back when the test says so: the network between the app
/// and its storage failing at an exact point, where stopping Azurite could only fail at a moment. A cut either
/// refuses the chosen request (the write never happened) or forwards it and drops the answer (it happened, and the
/// app cannot know); every request after a cut fails the same way until <see cref="Restore"/>.
/// </summary>
public sealed class StorageFaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Host", "Proxy-Connection", "TE", "Trailer",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false });
    private readonly ConcurrentQueue<ProxiedRequest> _requests = new();
    private readonly Lock _gate = new();
    private Func<ProxiedRequest, bool>? _trigger;
    private bool _afterForwarding;
    private bool _down;

    private readonly Dictionary<int, (string Service, int Port)> _ports;

    private StorageFaultProxy(WebApplication app, Dictionary<int, (string Service, int Port)> ports)
    {
        _app = app;
        _ports = ports;
    }

    /// <summary>Azurite's connection string with every endpoint through the proxy (same account and key).</summary>
    public string ConnectionString { get; private set; } = "";

    public IReadOnlyList<ProxiedRequest> Requests => _requests.ToArray();

    /// <summary>True once a cut happened and until <see cref="Restore"/>.</summary>
    public bool IsDown
    {
        get
        {
            lock (_gate)
            {
                return _down;
            }
        }
    }

    public static async Task<StorageFaultProxy> StartAsync(AzuriteServer azurite)
    {
        int[] ports = [AzuriteServer.FreePort(), AzuriteServer.FreePort(), AzuriteServer.FreePort()];
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(ports.Select(p => $"http://127.0.0.1:{p}").ToArray());
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new StorageFaultProxy(app, new Dictionary<int, (string, int)>
        {
            [ports[0]] = ("blob", azurite.BlobPort),
            [ports[1]] = ("queue", azurite.QueuePort),
            [ports[2]] = ("table", azurite.TablePort),
        });
        app.Run(proxy.HandleAsync);
        await app.StartAsync();

        proxy.ConnectionString = azurite.ConnectionString
            .Replace($":{azurite.BlobPort}/", $":{ports[0]}/", StringComparison.Ordinal)
            .Replace($":{azurite.QueuePort}/", $":{ports[1]}/", StringComparison.Ordinal)
            .Replace($":{azurite.TablePort}/", $":{ports[2]}/", StringComparison.Ordinal);
        return proxy;
    }

    /// <summary>Storage goes away at the first request <paramref name="trigger"/> accepts.</summary>
    public void CutWhen(Func<ProxiedRequest, bool> trigger, bool afterForwarding = false)
    {
        lock (_gate)
        {
            _trigger = trigger;
            _afterForwarding = afterForwarding;
        }
    }

    /// <summary>Storage goes away at the <paramref name="n"/>th write (1-based) from now.</summary>
    public void CutAtWrite(int n, bool afterForwarding = false)
    {
        var seen = 0;
        CutWhen(r => r.IsWrite && Interlocked.Increment(ref seen) == n, afterForwarding);
    }

    /// <summary>Storage is back: requests are forwarded again and no cut is armed.</summary>
    public void Restore()
    {
        lock (_gate)
        {
            _down = false;
            _trigger = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var (service, port) = _ports[context.Connection.LocalPort];
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var request = new ProxiedRequest(service, context.Request.Method, context.Request.Path + context.Request.QueryString, Encoding.UTF8.GetString(body));
        _requests.Enqueue(request);

        bool refuse, dropAnswer = false;
        lock (_gate)
        {
            refuse = _down;
            if (!_down && _trigger is { } trigger && trigger(request))
            {
                _down = true;
                refuse = !_afterForwarding;
                dropAnswer = _afterForwarding;
            }
        }

        if (refuse)
        {
            context.Abort();
            return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), $"http://127.0.0.1:{port}{context.Request.Path}{context.Request.QueryString}");
        if (body.Length > 0 || context.Request.ContentLength is not null)
        {
            forward.Content = new ByteArrayContent(body);
        }

        foreach (var header in context.Request.Headers)
        {
            if (HopHeaders.Contains(header.Key))
            {
                continue;
            }

            if (!forward.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value))
            {
                forward.Content?.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value);
            }
        }

        using var answer = await _client.SendAsync(forward, HttpCompletionOption.ResponseContentRead, context.RequestAborted);
        if (dropAnswer)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var header in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!HopHeaders.Contains(header.Key))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
        }

        var content = await answer.Content.ReadAsByteArrayAsync(context.RequestAborted);
        if (content.Length > 0 && !HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(content, context.RequestAborted);
        }
    }
}
