using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LlmPulse.Storage;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace LlmPulse.Delivery;

/// <summary>
/// POSTs a JSON summary of the briefing (month, title, key findings, a time-limited link to the PDF and its sha256)
/// to the subscriber's https URL, signed the Standard Webhooks way under the subscriber's secret, or both secrets
/// during a rotation (<see cref="WebhookSignature"/>). Transient failures are retried by the HTTP client's standard resilience
/// handler (see <see cref="DeliveryChannelRegistration"/>); what still fails becomes a <see cref="DeliveryException"/>.
/// </summary>
public sealed class WebhookChannel(IHttpClientFactory httpClients, WebhookUrlPolicy urlPolicy, TimeProvider time, ILogger<WebhookChannel> logger) : IDeliveryChannel
{
    public const string ChannelName = "webhook";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Titles and findings in Arabic stay readable; the body is never embedded in HTML by us.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = StoredJson.Default,
    };

    private static readonly JsonTypeInfo<WebhookPayload> Payload = (JsonTypeInfo<WebhookPayload>)Json.GetTypeInfo(typeof(WebhookPayload));

    private static readonly ProductInfoHeaderValue UserAgent = new("LlmPulse", "1.0");

    public string Name => ChannelName;

    /// <summary>A webhook carries a link, never the PDF: the stored bytes are not even read for it.</summary>
    public bool SendsContent => false;

    public async Task SendAsync(SubscriberOptions subscriber, BriefingDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(delivery);

        if (urlPolicy.Problem(subscriber.WebhookUrl) is { } problem)
        {
            throw new DeliveryException($"Subscriber '{subscriber.Name}' {problem}.");
        }

        var url = subscriber.WebhookUrl!;
        if (string.IsNullOrEmpty(subscriber.WebhookSecret))
        {
            throw new DeliveryException($"Subscriber '{subscriber.Name}' uses the webhook channel but has no WebhookSecret setting.");
        }

        if (!subscriber.WebhookSecrets.All(WebhookSignature.IsUsableSecret))
        {
            throw new DeliveryException($"Subscriber '{subscriber.Name}' has a webhook secret that starts with {WebhookSignature.SecretPrefix} but is not base64 after it.");
        }

        var body = Body(delivery);
        var deliveryId = DeliveryId.For(delivery, subscriber);
        var timestamp = WebhookSignature.Timestamp(time.GetUtcNow());
        var origin = Origin(url);

        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.IdHeader, deliveryId);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(deliveryId, timestamp, body, subscriber.WebhookSecrets));
        request.Headers.Add(DeliveryId.HeaderName, deliveryId);
        request.Headers.UserAgent.Add(UserAgent);

        var client = httpClients.CreateClient(DeliveryChannelRegistration.WebhookHttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new DeliveryException($"Webhook to subscriber '{subscriber.Name}' at {origin} failed: {Describe(e)}");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var code = (int)response.StatusCode;
                var reason = string.IsNullOrWhiteSpace(response.ReasonPhrase) ? response.StatusCode.ToString() : response.ReasonPhrase;
                throw new DeliveryException($"Webhook to subscriber '{subscriber.Name}' at {origin} answered HTTP {code} ({reason}).");
            }

            logger.LogInformation(
                "Posted {Month} ({Edition}) version {Version} to subscriber {Subscriber} at {Origin}: HTTP {Status}, delivery {DeliveryId}",
                delivery.Month,
                delivery.Edition,
                delivery.Version,
                subscriber.Name,
                origin,
                (int)response.StatusCode,
                deliveryId);
        }
    }

    /// <summary>The exact bytes that are posted and signed: compact UTF-8 JSON with camelCase names.</summary>
    public static byte[] Body(BriefingDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var payload = new WebhookPayload(
            delivery.Month,
            delivery.Edition,
            delivery.Version,
            delivery.Title,
            delivery.KeyFindings,
            delivery.Link.AbsoluteUri,
            delivery.LinkExpiresAt.ToUniversalTime(),
            delivery.Sha256,
            delivery.FileName,
            delivery.RevisionOf,
            delivery.Changes);
        return JsonSerializer.SerializeToUtf8Bytes(payload, Payload);
    }

    /// <summary>Scheme, host and port only: a webhook URL's path or query often holds its token.</summary>
    private static string Origin(Uri url) => url.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);

    /// <summary>What went wrong, from the exception's kind and codes: its text may quote the URL.</summary>
    private static string Describe(Exception e) => e switch
    {
        HttpRequestException { InnerException: SocketException s } h => $"{h.HttpRequestError} ({s.SocketErrorCode}).",
        HttpRequestException { InnerException: IOException { InnerException: SocketException s } } h => $"{h.HttpRequestError} ({s.SocketErrorCode}).",
        HttpRequestException h => $"{h.HttpRequestError}.",
        TimeoutRejectedException t => $"no answer within {t.Timeout}.",
        BrokenCircuitException => "too many recent failures at this address; the circuit is open, try again later.",
        OperationCanceledException => "no answer in time.",
        _ => $"unexpected {e.GetType().Name}.",
    };

    internal sealed record WebhookPayload(
        string Month,
        string Edition,
        int Version,
        string Title,
        IReadOnlyList<string> KeyFindings,
        string Link,
        DateTimeOffset LinkExpiresAt,
        string Sha256,
        string FileName,
        int? RevisionOf,
        IReadOnlyList<string> Changes);
}
