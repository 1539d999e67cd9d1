using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmPulse.Delivery.Tests.Support;

/// <summary>One request as the receiver saw it, with its own check of the signature.</summary>
internal sealed record ReceivedWebhook(
    string Method,
    string PathAndQuery,
    string? ContentType,
    string? Id,
    string? Timestamp,
    string? Signature,
    string? DeliveryId,
    byte[] Body,
    bool SignatureValid);

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 and a port the system picks, standing in for a chat tool or a
/// script: it checks each request's Standard Webhooks signature with the secrets it knows against its own clock,
/// keeps the request, and answers with the next scripted status (then 200).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _requests = new();
    private readonly ConcurrentQueue<int> _script = new();

    private WebhookReceiver(WebApplication app, string[] secrets, TimeProvider time)
    {
        _app = app;
        _app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var body = buffer.ToArray();
            OnRequest?.Invoke();
            string? id = context.Request.Headers[WebhookSignature.IdHeader];
            string? timestamp = context.Request.Headers[WebhookSignature.TimestampHeader];
            string? signature = context.Request.Headers[WebhookSignature.SignatureHeader];
            _requests.Enqueue(new ReceivedWebhook(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.ContentType,
                id,
                timestamp,
                signature,
                context.Request.Headers[DeliveryId.HeaderName],
                body,
                WebhookSignature.Verify(id, timestamp, body, signature, secrets, time.GetUtcNow())));
            context.Response.StatusCode = _script.TryDequeue(out var status) ? status : AlwaysStatus ?? StatusCodes.Status200OK;
        });
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>When set, every request past the script is answered with this status.</summary>
    public int? AlwaysStatus { get; set; }

    public IReadOnlyList<ReceivedWebhook> Requests => [.. _requests];

    /// <summary>Called as each request arrives, before it is answered (to simulate a sender dying mid-send).</summary>
    public Action? OnRequest { get; set; }

    public static Task<WebhookReceiver> StartAsync(string secret, params int[] statuses) => StartAsync([secret], TimeProvider.System, statuses);

    public static async Task<WebhookReceiver> StartAsync(string[] secrets, TimeProvider time, params int[] statuses)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var receiver = new WebhookReceiver(builder.Build(), secrets, time);
        foreach (var status in statuses)
        {
            receiver._script.Enqueue(status);
        }

        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
